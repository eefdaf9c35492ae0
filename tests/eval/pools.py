# SPDX-License-Identifier: LGPL-2.1-or-later
"""Made-up names, streets, places and schools for the evaluation set
(generate.py). Combinations are drawn at random: nobody real is meant.
A surname written "A/B" has a masculine and a feminine form."""

# community: (feminine first names, masculine first names, surnames)
COMMUNITIES = {
    "british": (
        "Olivia Amelia Isla Ava Lily Freya Poppy Ella Grace Evie Sophie Chloe Jessica Holly Summer "
        "Hope Rose Megan Kayleigh Leah Paige Courtney Kelly Joanne Tracy Donna Gemma Stacey Lauren "
        "Charlotte Abigail Millie Daisy Ruby Brooke Skye Willow Harper Lacey Tegan",
        "Oliver George Harry Jack Charlie Alfie Freddie Archie Noah Leo Oscar Jacob Thomas Tyler "
        "Kyle Connor Lewis Jordan Reece Liam Mason Riley Jayden Mark Will Lee Dean Wayne Craig "
        "Darren Gary Shane Brandon Kai Ashley Jake Bradley Ellis Stanley",
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker "
        "White Roberts Green Hall Wood Jackson Clarke Hughes Turner Hill Baker Mason Bird Rose Brook "
        "Hope Frost King Young Church Marsh Ward Cooper Parker Bennett Price Mills Fletcher Harding "
        "Pearce Shaw Lamb Hart Moss Stone Webb Ashworth Pickering Blackwood Holloway Sutcliffe"),
    "irish-scottish": (
        "Aoife Niamh Siobhan Ciara Saoirse Roisin Orla Caoimhe Sinead Eilidh Kirsty Mhairi Shona "
        "Aisling Clodagh Grainne Maeve",
        "Cian Oisin Darragh Padraig Ciaran Eoin Fionn Ronan Declan Seamus Lachlan Fraser Hamish "
        "Ruairi Niall Callum Conor Euan",
        "Murphy O'Brien O'Connor O'Neill Kelly Byrne Ryan Doyle McCarthy Gallagher Quinn Brennan Walsh "
        "Flanagan McLaughlin McGuinness O'Sullivan Fitzgerald Kavanagh MacLeod McKenzie Campbell "
        "Stewart Ross Murray Sinclair Docherty Mulholland McAllister O'Driscoll McGowan"),
    "polish": (
        "Zofia Zuzanna Julia Maja Oliwia Wiktoria Natalia Agnieszka Katarzyna Magdalena Joanna "
        "Ewelina Karolina Dorota",
        "Jakub Kacper Szymon Filip Mateusz Bartosz Tomasz Piotr Krzysztof Łukasz Marek Wojciech "
        "Kamil Grzegorz",
        "Nowak Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kamiński/Kamińska Lewandowski/Lewandowska "
        "Mazur Krawczyk Pawlak Zając Król Wieczorek Wróbel Sikora Baran Duda Kaczmarek Adamczyk "
        "Dudek Walczak Stępień Jabłoński/Jabłońska Michalski/Michalska Grabowski/Grabowska"),
    "romanian": (
        "Andreea Ioana Elena Alexandra Bianca Larisa Roxana Florentina Mihaela Daria Cristina",
        "Andrei Ionut Mihai Gabriel Florin Adrian Stefan Cosmin Alexandru Razvan Bogdan Vlad",
        "Popescu Ionescu Popa Stan Dumitru Gheorghe Munteanu Constantin Moldovan Lungu Rusu Marin "
        "Tudor Ene Dinu Radu Sandu Matei Barbu Vasilescu"),
    "lithuanian": (
        "Ieva Gabija Austėja Rugilė Urtė Justina Agnė Greta Viltė Eglė",
        "Lukas Matas Dominykas Jonas Mantas Tomas Rokas Deividas Karolis Nojus",
        "Kazlauskas/Kazlauskienė Jankauskas/Jankauskienė Petrauskas/Petrauskienė "
        "Vasiliauskas/Vasiliauskienė Butkus/Butkienė Paulauskas/Paulauskienė Urbonas/Urbonienė "
        "Navickas/Navickienė Rimkus/Rimkienė Stankevičius/Stankevičienė"),
    "pakistani": (
        "Ayesha Maryam Zainab Fatima Hira Sana Amna Iqra Aleena Noor Rabia Mehreen Khadija Alishba",
        "Muhammad Ali Hamza Bilal Usman Zain Ayaan Ibrahim Imran Faisal Adnan Tariq Rizwan Haris "
        "Zayn Arham",
        "Khan Hussain Ahmed Akhtar Iqbal Malik Butt Raja Chaudhry Mahmood Aslam Rashid Qureshi Mirza "
        "Bashir Nawaz Anwar Sabir Javed Siddiqui"),
    "bangladeshi": (
        "Nusrat Tasnim Sumaiya Farhana Jannat Ruksana Sadia Mahmuda Shirin Rima Tahmina Afia",
        "Rahim Sabbir Rafiq Shahid Mizanur Abdul Sohel Jamal Nazrul Habib Ayman Tanvir",
        "Begum Miah Uddin Rahman Islam Ali Chowdhury Hoque Haque Sarkar Talukder Khatun Alam Sheikh "
        "Ahmed Bhuiyan"),
    "indian": (
        "Priya Anjali Simran Harpreet Divya Meera Nisha Pooja Kavya Jasmeet Ananya Riya Navdeep",
        "Arjun Rohan Vikram Harjit Gurpreet Sanjay Rajesh Aarav Dev Manpreet Nikhil Rahul Sunil "
        "Karan Jaspal",
        "Patel Sharma Singh Kaur Gill Sandhu Dhillon Kumar Mistry Chauhan Parmar Solanki Naidoo "
        "Pillai Iyer Joshi Desai Mehta Bhatt Grewal Sidhu Rai"),
    "nigerian": (
        "Chiamaka Adaeze Ngozi Funmilayo Temitope Oluwaseun Blessing Precious Favour Ifeoma "
        "Yetunde Abimbola Chioma Tolulope Morenike",
        "Chidi Emeka Oluwadamilare Tunde Femi Segun Chinedu Obinna Ikenna Babajide Kelechi Tobi "
        "Ayodele Olamide",
        "Okafor Adeyemi Balogun Okonkwo Eze Nwosu Adebayo Oyelaran Ogunleye Chukwu Olawale Akinola "
        "Obi Onyeka Bello Ibrahim Adewale Oladipo Afolabi Adeleke Okoro Nwachukwu"),
    "ghanaian": (
        "Akosua Abena Ama Efua Adjoa Afua Yaa Esi Akua Nana",
        "Kwame Kofi Kwabena Kojo Yaw Kwaku Kwesi Fiifi Kobina Ebo",
        "Mensah Owusu Boateng Asante Osei Appiah Agyeman Darko Amoah Ofori Adjei Frimpong Addo "
        "Antwi Quaye Ansah"),
    "somali": (
        "Hodan Ayan Fadumo Sagal Hibo Ifrah Nimco Sahra Warsan Ikran Ubah",
        "Abdirahman Mohamed Abdullahi Liban Yusuf Hassan Omar Abdi Guled Mustafe Bashiir",
        "Farah Abdi Mohamed Jama Warsame Osman Aden Nur Hersi Dahir Egal Ismail Duale Elmi"),
    "eritrean": (
        "Senait Selam Luwam Semhar Yohana Saba Mebrat Rahwa Feven Hiwet",
        "Yonas Dawit Tesfay Filmon Robel Haben Mussie Kibrom Natnael Merhawi",
        "Tesfamariam Ghebremedhin Haile Berhane Tekle Woldu Kidane Habte Asmerom Gebreyesus "
        "Yohannes Mehari"),
    "caribbean": (
        "Shanice Tiana Aaliyah Jada Keisha Shantelle Nia Destiny Maya Tanisha Imani Marcia "
        "Chantelle Beverley",
        "Tyrone Marcus Jerome Delroy Jermaine Kemar Andre Devon Rashad Leon Winston Shaquille "
        "Nathaniel Errol",
        "Francis Thomas Henry Grant Morgan Reid Gordon Powell Bailey Richards Forbes Lewis Edwards "
        "Spencer Barrett Dacosta Gayle Samuels Bryan Beckford Brathwaite Nembhard"),
    "chinese": (
        "Meiling Xiaoyu Jingyi Yanting Huiwen Wing Kayan Siuman Ruoxi Yutong",
        "Wei Jun Hao Jian Ming Zhen Chun Tszhin Zihan Haoran",
        "Chen Wang Li Zhang Liu Wong Chan Cheung Lam Ng Ho Yeung Tang Lau Zhou Huang Lin Yip"),
    "vietnamese": (
        "Linh Trang Huong Thao Ngoc Anh Mai Lan Thu Phuong",
        "Minh Duc Tuan Hung Quang Long Bao Khanh Nam Thanh",
        "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ngo Duong Ly"),
    "turkish-kurdish": (
        "Elif Zeynep Ayşe Esra Merve Dilan Rojda Berfin Hevi Nesrin Leyla Sevda Ebru",
        "Mehmet Mustafa Emre Burak Can Deniz Rojhat Serhat Dilovan Kemal Murat Hasan Berkay",
        "Yılmaz Kaya Demir Şahin Çelik Aydın Öztürk Arslan Doğan Kılıç Aslan Polat Güler Yıldız "
        "Bozkurt Kurt Tekin Ekinci"),
    "arabic": (
        "Layla Amira Yasmin Hana Mariam Salma Noura Rania Lina Dalia Huda Reem",
        "Khalid Youssef Karim Samir Ahmad Rami Nabil Majid Hamid Fadi Bassam Walid",
        "Al-Sayed Haddad Mansour Nasser Saleh Al-Hashimi Abdallah Khalil Darwish Hamdan El-Masri "
        "Al-Najjar Aziz Qasim Jaber Zaidi"),
    "roma-traveller": (
        "Bridget Kathleen Margaret Mary Nora Winnie Tina Esmeralda Violeta Loredana Mirela Roseanne",
        "Johnny Patrick Martin Paddy Michael Tommy Jimmy Francis Sorin Marian Dorin Levi",
        "Doherty Maughan Joyce McDonagh Boswell Cash Stokes Connors Delaney Lovell Loveridge "
        "Buckley Corcoran Cirpaci Lacatus Caldarar Rostas Balog Varga Horvath"),
}

# How often each community is drawn (London-ish mix).
WEIGHTS = {"british": 28, "irish-scottish": 7, "polish": 6, "romanian": 5, "lithuanian": 3,
           "pakistani": 6, "bangladeshi": 6, "indian": 6, "nigerian": 7, "ghanaian": 4,
           "somali": 4, "eritrean": 3, "caribbean": 7, "chinese": 3, "vietnamese": 3,
           "turkish-kurdish": 5, "arabic": 4, "roma-traveller": 4}

DOUBLE_BARRELLED = ["Ashworth-Hughes", "Fenwick-Lloyd", "Carter-Obi", "Okafor-Williams",
                    "Smith-Mensah", "Hamilton-Reid", "Gordon-Nowak", "Lane-Fox", "Tate-Rahman",
                    "Brennan-Walsh", "Mason-Delaney", "Forbes-Ahmed", "Taylor-Osei",
                    "Hughes-Popescu", "Clarke-Begum", "Ward-Okonkwo", "Price-Yılmaz",
                    "Harding-Nguyen", "Bell-Haddad", "Moss-Tesfamariam"]

STREETS = ("Elm Cedar Oak Ash Beech Willow Hawthorn Rowan Maple Chestnut Sycamore Poplar Laurel "
           "Holly Hazel Alder Birch Linden Juniper Myrtle Acacia Magnolia Cherry Plum Hope Brook "
           "Canal Station Church Mill Victoria Albert Wellington Nelson Trafalgar Jubilee Coronation "
           "Park Grove Queens Kings Princes Windsor Clarence Stanley Gladstone Palmerston Cromwell "
           "Milton Shakespeare Tennyson Byron Keats Dickens Bronte Hardy Austen Wordsworth Ruskin "
           "Addison Bedford Cavendish Devonshire Gloucester Lancaster Norfolk Suffolk Somerset "
           "Dorset Warwick Stafford Rutland Chatsworth Harewood Belmont Fairfield Highfield "
           "Westbourne Eastfield Northcote Southwood Larkhall Tulse Brixton Peckham Lordship "
           "Evelina Copeland Rye Bellenden Choumert Sumner Crystal Anerley Thornton Selhurst "
           "Whitehorse Sydenham Forest Lewisham Deptford Tanners Kender Besson Mayow").split()
STREET_TYPES = ["Road"] * 6 + ["Street"] * 3 + ["Avenue", "Close", "Crescent", "Gardens", "Lane",
                                                 "Way", "Grove", "Terrace", "Drive", "Place",
                                                 "Court", "Walk", "Rise", "Mews"]
ESTATES = ["Brookfield House", "Mandela Court", "Winstanley Estate", "Tower Point",
           "Kestrel House", "Heron Court", "Falcon Point", "Osprey House", "Cedar Court",
           "Linden Tower", "Aylesham House", "Marlowe House", "Sandford Court", "Tamar House"]

# (town, postcode districts)
PLACES = [
    ("London", ["SE15", "SE5", "SE22", "SE13", "SE6", "SE8", "SW2", "SW9", "SW16", "SW11", "E17",
                "E6", "E13", "E15", "E1", "E8", "E9", "E5", "N9", "N18", "N17", "N15", "N4", "N7",
                "NW10", "NW6", "NW9", "W12", "W10", "W3", "W7"]),
    ("Croydon", ["CR0", "CR7", "CR2", "CR4"]), ("Ilford", ["IG1", "IG3", "IG2"]),
    ("Wembley", ["HA0", "HA9"]), ("Harrow", ["HA1", "HA2", "HA3"]), ("Hayes", ["UB3", "UB4"]),
    ("Southall", ["UB1", "UB2"]), ("Hounslow", ["TW3", "TW4"]), ("Bromley", ["BR1", "BR2"]),
    ("Erith", ["DA8"]), ("Enfield", ["EN1", "EN3"]), ("Dagenham", ["RM9", "RM10"]),
    ("Romford", ["RM1", "RM3", "RM7"]), ("Morden", ["SM4"]), ("Sutton", ["SM1", "SM3"]),
    ("Kingston upon Thames", ["KT1", "KT2"]), ("Barking", ["IG11"]), ("Edmonton", ["N9"]),
    ("Thornton Heath", ["CR7"]), ("Mitcham", ["CR4"]), ("Walthamstow", ["E17"]),
    ("Luton", ["LU1", "LU2", "LU4"]), ("Slough", ["SL1", "SL2"]), ("Reading", ["RG1", "RG30"]),
    ("Manchester", ["M8", "M13", "M14", "M40"]), ("Salford", ["M5", "M6"]),
    ("Birmingham", ["B10", "B11", "B21", "B8"]), ("Leeds", ["LS8", "LS9", "LS11"]),
    ("Bradford", ["BD3", "BD7", "BD8"]), ("Liverpool", ["L8", "L4", "L6"]),
    ("Nottingham", ["NG7", "NG3"]), ("Leicester", ["LE2", "LE4", "LE5"]),
    ("Bristol", ["BS5", "BS2", "BS13"]), ("Sheffield", ["S2", "S4"]), ("Cardiff", ["CF24", "CF11"]),
]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SCHOOL_NAMES_PRIMARY = [
    "St Anne's C of E Primary School", "Elm Road Primary School", "Riverside Primary School",
    "Our Lady of Lourdes RC Primary", "Hollymount Primary School", "Brookfield Primary School",
    "Gladstone Park Primary", "St Saviour's CE Primary", "Larkhall Primary School",
    "Kender Primary School", "Fairfield Primary School", "Willow Bank Primary Academy",
    "Canal Side Primary", "Highfield Primary School", "St Joseph's Catholic Primary School",
    "Mayow Park Primary", "Coronation Road Primary", "Oakwood Primary School", "Ash Grove Academy",
    "St Margaret's CE Primary", "Sycamore Primary School", "Bellenden Primary",
    "Cavendish Primary School", "Jubilee Primary Academy", "Sumner Park Primary",
]
SCHOOL_NAMES_SECONDARY = [
    "Oakwood High School", "Northfield Academy", "Southwood Community College",
    "St Thomas More Catholic School", "Westbourne School", "Eastfield Academy",
    "Forest Hill Boys' School", "Lordship Lane Girls' School", "Whitehorse Manor Academy",
    "Highfield Community School", "Crystal Palace Park Academy", "Harewood High School",
    "Bishop Challoner Academy", "Ruskin Park School", "Kingsdale Gate School",
    "The Belmont School", "Tanners Hill Academy", "Bedford Park High School",
]
NURSERIES = ["Little Acorns Nursery", "Rainbow Day Nursery", "Busy Bees Pre-school",
             "Tiny Steps Childcare", "Sunflower Nursery", "Kiddi Caru Day Nursery"]

COUNCILS = [("Croydon", "croydon.gov.uk"), ("Lambeth", "lambeth.gov.uk"),
            ("Southwark", "southwark.gov.uk"), ("Lewisham", "lewisham.gov.uk"),
            ("Hackney", "hackney.gov.uk"), ("Haringey", "haringey.gov.uk"),
            ("Enfield", "enfield.gov.uk"), ("Brent", "brent.gov.uk"), ("Ealing", "ealing.gov.uk"),
            ("Newham", "newham.gov.uk"), ("Waltham Forest", "walthamforest.gov.uk"),
            ("Barking and Dagenham", "lbbd.gov.uk"), ("Redbridge", "redbridge.gov.uk"),
            ("Greenwich", "royalgreenwich.gov.uk"), ("Hounslow", "hounslow.gov.uk"),
            ("Harrow", "harrow.gov.uk"), ("Bromley", "bromley.gov.uk"), ("Sutton", "sutton.gov.uk")]
HOSPITALS = ["North Middlesex University Hospital", "King's College Hospital",
             "St Thomas' Hospital", "University Hospital Lewisham", "Croydon University Hospital",
             "Queen's Hospital, Romford", "Northwick Park Hospital", "Newham University Hospital",
             "Whittington Hospital", "Homerton University Hospital", "St George's Hospital"]
GP_PRACTICES = ["Elm Tree Surgery", "Canal Street Medical Centre", "The Grove Health Centre",
                "Park Lane Surgery", "Northcote Medical Practice", "Brookside Family Practice",
                "Station Road Surgery", "Fairfield Health Centre", "Larkhall Medical Centre",
                "Queens Road Surgery"]
VOLUNTARY = [("Refuge Outreach South", "refugeoutreach.org.uk"),
             ("Family Action Lewisham", "familyactionlew.org.uk"),
             ("Safer Homes Partnership", "saferhomes.org.uk"),
             ("Young People's Mentoring Trust", "ypmt.org.uk"),
             ("Home-Start North", "homestartnorth.org.uk"),
             ("The Harbour Women's Service", "harbourwomen.org.uk"),
             ("St Giles Youth Link", "sgyouthlink.org.uk")]
HOUSING = [("Southmere Housing Association", "southmere-ha.org.uk"),
           ("Peabridge Homes", "peabridge.org.uk"), ("Metrowell Housing", "metrowell.org.uk")]
