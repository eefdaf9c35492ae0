#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The people recognisers, one behaviour per case: a short made-up text,
the level the London policy must give it, and why. These pin down what
the recognisers were built to do (pmark.policy(5), RECOGNISERS); the
evaluation set (tests/eval) measures how well they do it on documents
written by others. Every case runs through the real binary, in one run
over a directory."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ.get("PMARK_SOURCE_ROOT", "."), "tools"))
import ids  # noqa: E402

PMARK = os.environ["PMARK"]

NPM, PROTECT, RESTRICTED = "NOT PROTECTIVELY MARKED", "PROTECT", "RESTRICTED"

# (name, text, level, why)
CASES = [
    ("referral", "Referral: Jayden Smith, aged 7, Year 3, 14 Elm Road, Croydon CR0 2AB.\n"
     "Bruising to his arm; MASH referral, strategy discussion requested.\n",
     RESTRICTED, "a child named with an age, a school year and an address; case content"),
    ("dob-bare", "CP plan reviewed for Daisy Wright (14/09/2017). Core group next month.\n",
     RESTRICTED, "a date of birth in brackets beside a name needs no label"),
    ("anonymised", "Child A (aged 7) lives with Mother B. A strategy discussion was held and\n"
     "a section 47 enquiry followed.\n", NPM, "anonymised references identify nobody"),
    ("staff-only", "Present: Mrs Collins, PE Lead; Mr Brown, DSL; Dr Mensah, Named GP.\n"
     "Agenda: safeguarding training, neglect toolkit, MASH thresholds.\n",
     NPM, "professionals in their work roles are never identifiable"),
    # a list under a label on its own line: the label's cue is each item's
    ("list-under-relationship", "Siblings:\n- Jayden Smith\n- Amira Smith\n",
     PROTECT, "the names under 'Siblings:' are named with a family relationship"),
    ("list-under-year", "Year 9 pupils to keep an eye on:\n1. Maya Jones\n2. Leo Grant\n",
     PROTECT, "the names under a year group's label are named with a school year"),
    # an item of a list is a sentence of its own
    ("bullet-own-sentence", "INSET day, 2 September\n"
     "Online modules to complete by 30 Sept (certificates to Emma):\n"
     "  - Educare: Child Protection in Education (3 yrs refresh)\n"
     "  - Prevent awareness\n", NPM,
     "a refresher's period in the item below is not the age of the name above"),
    # a flat in a named block is one home address, not a person called Oak House
    ("flat-in-block", "Jayden Smith lives at Flat 6, 2nd Floor, Oak House, 12 Elm Road,\n"
     "Croydon CR0 2AB with his mother. Strategy discussion held today.\n",
     RESTRICTED, "the address is the child's; 'Oak House' is part of it"),
    ("flat-in-block-no-number", "Mum Kelly Smith, Flat 12, Brook Court, Mill Lane, Leeds.\n",
     PROTECT, "a flat in a named block on a street without a number"),
    # a building's floors do not make a venue's address a home's
    ("venue-floors", "Listing below.\nHearings at East London Family Court, 6th & 7th Floor, "
     "11 Westferry Circus, E14 4HD.\n\nLA: Mr T. Barrington KC (leading). EPO return.\n",
     NPM, "the court's address is a venue's; counsel is named in a work role"),
    # a street is written in one cell of a table set out with spaces
    ("street-in-one-cell", "EPO\n\nWED 18/09\n"
     "  10.30  ZE23C00977  Final hearing day 1 of 4   HHJ Morgan-Lloyd   Court 1\n"
     "         LA: Mr T. Barrington KC (leading), SW Ms C. Eze\n",
     NPM, "'4   HHJ Morgan-Lloyd   Court' spans three cells: no street"),
    # lower-case notes
    ("lower-case-bracket-age", "tiago (15) at the cages, v drunk. prob CCE, MASH referral.\n",
     RESTRICTED, "a lower-case forename with a bracketed age is a name"),
    ("lower-case-year", "tiago from yr 2 had finger marks on his arm, said dont tell.\n",
     RESTRICTED, "a lower-case forename with a school year after it is a name"),
    ("month-range", "MARAC dataset - Q2 (Jul-Sep) - borough summary\nBorough,Cases,Repeat\n"
     "Croydon,356,118\n", NPM, "'Jul-Sep' is a range of months, not a person"),
    # a row of a case list is about its first-named person's case
    ("case-list-rows", "DSL register\n\nKAUR, Anton (N) - CIN - T. Mensah - Op Encompass x3\n"
     "LUNGU, Jia (N) - CIN - R. Dunleavy - FGM risk\n", RESTRICTED,
     "each row names its child first and their case after"),
    ("staff-list-rows", "Safeguarding team contacts\n\nAnton Kaur - MASH manager - 07700 900123\n"
     "Jia Lungu - MARAC coordinator - 07700 900456\n", NPM,
     "a row naming a worker by their role is staff's, whatever case words it holds"),
    ("said-age", "The boy upstairs, Jayden-Lee, told me he's 9. Neglect: the children are\n"
     "left on the landing at night.\n", RESTRICTED, "'he's 9' is the age of the name before"),
    ("about-label", "Early help assessment\nAssessment about: Grace Nwachukwu\n"
     "Self-harm; online grooming concerns; MASH consultation.\n", RESTRICTED,
     "'Assessment about:' names the record's subject"),
    ("about-not-label", "Briefing on neglect and child protection thresholds.\n"
     "Questions about this briefing: Adaeze Nwosu, Partnership Business Manager.\n",
     NPM, "'about' ends no label inside a question"),
    ("quoted-greeting", "Voicemails (no names left in messages)\n\n"
     "1) mon - Joanne Firth, SW. \"Hi Sunita, it's Jo from assessment, the two in\n"
     "reception and year 4, strat disc booked.\"\n", NPM,
     "the greeted and 'Jo from assessment' are at work; no family is named"),
    ("place-prefix", "Welcome to families joining S1 from Kinloch and Port Ellen P7 classes.\n"
     "Child protection coordinator: Mrs T. Lindsay\n\nYours sincerely\n\n"
     "Mrs T. Lindsay\nDepute Head Teacher\n", NPM,
     "'Port Ellen' is a place; Mrs T. Lindsay signs as a head teacher"),
    ("community-words", "Board agenda\n7. Gypsy/Traveller site - learning from s.47 transfer, MASH\n",
     NPM, "'Gypsy' names a community, not a child"),
    ("ward-column", "Case ref,Age,Sex,Category,Ward,Team\nCS-22965,11,M,Emotional abuse,Lee Green,CP1\n"
     "CS-23425,4,F,Physical abuse,Lee Green,CP3\nCS-23500,9,F,Neglect,Hither Green,CP2\n",
     NPM, "cases by reference only; 'Lee Green' is a ward"),
    # ages, schools and dates of birth as they are written
    ("name-is-age", "Jayden is nearly 3 and Isla is now 16; Lily turned 7 last week.\n",
     PROTECT, "an age said of the name before it"),
    ("born-year", "Noah, born 2011, was seen at the clinic.\n", PROTECT,
     "a year of birth is a date of birth written short"),
    ("school-phrasings", "Zainab attends St Joseph's RC, in Mrs Khan's class. Idris is in "
     "reception class; Maryam started at nursery. Freya is in Juniper class; Mia is in "
     "year six.\n", PROTECT, "schools, classes and year groups written every way"),
    # invented names identify nobody
    ("pseudonym", "This review concerns a child who will be referred to as Ava (not the "
     "child's real name). Ava was 22 months old; neglect, section 47.\n", NPM,
     "a pseudonym, said to be one"),
    ("made-up-example", "This example is made up for training purposes. Let's call her Lily. "
     "Lily is 9, in Year 4; neglect, MASH referral.\n", NPM, "a made-up example"),
    ("names-changed-of-some", "Mum said the children's names have been changed by deed poll. "
     "Jayden Smith (7) has bruising; strategy discussion.\n", RESTRICTED,
     "a change of some names is no declaration that all are invented"),
    # a list of those present ends at a heading (a PDF's text has lost its blank lines)
    ("present-then-children", "TAF review\nPresent: mum, Hollie Marsh (FSW), HV Joanne Kitson\n"
     "Not present: dad (working)\nChildren\n- Zainab - attends St Joseph's RC (Yr 2)\n"
     "- Idris - reception class\nNeglect: step-up to MASH considered.\n", RESTRICTED,
     "the children are no attendees"),
    ("rota-columns", "Week,Day,Strat disc chair,Police desk,Education liaison,Notes\n"
     "14/07,Mon,Marcia Bell-Okafor,DC Harriet Sandhu,Carol Whyte,MARAC day\n"
     "14/07,Tue,Joel Marchetti,DS Carys Pritchard,Carol Whyte,MACE panel\n"
     "21/07,Mon,Marcia Bell-Okafor,DC Tom Ashworth,Carol Whyte,\n", NPM,
     "a chair's, a desk's and a liaison's column are staff's"),
    ("as-a-role", "Safeguarding partnership news: learning from a review of neglect and "
     "bruising.\nWe welcome Adaeze Uchendu as Designated Nurse for Safeguarding Children. "
     "Adaeze has worked as a health visitor and named nurse.\n", NPM,
     "someone named 'as' their job is at work"),
    ("signing-list", "Exploitation and county lines: what parents can look out for (CCE).\n"
     "Ask and Maureen will call you back.\n\nWarm wishes,\nThe LPT team\n"
     "(Maureen, Priya, Kojo and all our volunteers)\n", NPM,
     "the names under a closing sign the message"),
    ("club-names", "League news: county lines and exploited young players - what to look for.\n"
     "Clubs with the most DBS checks to renew: Westerleigh Wanderers (6), Oxley Colts (4), "
     "Crandon Juniors (4).\n", NPM, "sports clubs, with counts, are no children with ages"),
    ("checked-by", "Store cupboard stock check\nChecked by: Rosa (admin) + Deepak   Date: 28/02/25\n"
     "MASH referral forms: 0. DASH forms: 12.\nDeepak to order on Weds.\n", NPM,
     "every name in a 'Checked by:' field is a worker's"),
    ("saint-place", "Strategy discussion held at St Asaph police station about an "
     "unnamed 7 year old.\n", NPM, "'St Asaph' is a place, not a person"),
    # forms and classes written as schools write them
    ("form-code", "Subject: Cian O'Driscoll 10HB - coursework deadline\n\n"
     "His History coursework is late.\n", PROTECT, "a form code beside a name is a school cue"),
    ("class-field", "Pupil: Tadhg Purcell        Class: 2M (Miss Mahoney)\nReading: expected.\n",
     PROTECT, "a 'Class:' field on the pupil's line"),
    ("not-a-form", "Meeting moved: Jo Clarke 10AM, room 4G.\n", NPM,
     "a time and a room are no form groups"),
    ("year-teachers", "Dear Parents,\nTrip letters are attached.\n\nYours sincerely,\n"
     "Mrs Gwen Pritchard-Obi and Mr Theo Lansdowne\nYear 6 Teachers\n", NPM,
     "'Year 6 Teachers' is a job, not a pupil's year"),
    ("year-duty", "Staff chat: online safety assembly plan after the disclosure; strat booked.\n"
     "me, if Kwame can do my Y8 duty\n", NPM, "a year group's duty is a teacher's"),
    ("parent-champion", "Drop-in at St Mark's Church Hall, 4 Vicarage Road, Leeds LS6 2AB.\n"
     "  - Rosa Delgado, Parent Champion - what helped our family\n", NPM,
     "'Parent Champion' is a role, not a relationship"),
    ("chat-speakers", "Teams chat (families anonymised)\n\nNadia Rahimi  14:02\n"
     "Home visit: Child C has a burn; strat next morning, s47.\n\n"
     "Tomasz Wrobel (Practice Educator)  14:05\nGood one to bring.\n\n"
     "Nadia Rahimi  14:07\nCP medical done.\n", NPM,
     "a chat's speakers are its writers, not the subjects of a case"),
    ("case-word-no-name", "Subject: RE: Strat discussion quorum\n\nStrat discussions need police, "
     "CSC and health. Any strat for a non-mobile baby needs a paediatrician.\n", NPM,
     "'Strat' is a case's word, not a first name"),
    ("street-not-name", "Heathfield Primary\nMeadow Lane, Burton-on-Trent DE14 2QX\n"
     "Dear Parent/Carer, the trip is on Friday.\n", NPM,
     "a street without a number before a postcode is nobody's name"),
    ("particle-not-da", "Trip list\nSurname,First name,Year\nDA SILVA,Freya,Y4\n"
     "SMITH,Jayden,Y3\n", PROTECT,
     "'DA' in 'DA SILVA' is a surname's particle, not domestic abuse"),
    ("category-column", "Date,Student,Year,Category,Recorded by\n"
     "06/09/2024,Kamal Rahman,Y7,Safeguarding - substance misuse,M. Kearney (DDSL)\n",
     RESTRICTED, "a category in the next cell makes no pupil a member of staff"),
    ("health-age-months", "MASH health desk log\n14. Feven Weldu 2/12 + 2 sibs - GP: bruises "
     "to thigh, not mobile. CP medical today.\n", RESTRICTED,
     "'2/12' beside a name is an age of two months"),
    ("system-name", "Triage note: mum disclosed DV; MASH referral. Entered on RiO by the "
     "duty nurse; RiO alert added.\n", NPM, "'RiO' is a records system, not a person"),
    ("street-only-word", "A family hub has opened at the former Laird Street library, for "
     "children aged 0-5. Strategy for early help discussed at the board.\n", NPM,
     "'Laird Street' is a street"),
    ("along-a-place", "A 15-year-old girl was assaulted while walking along Scotland Green; "
     "police called.\n", NPM, "after 'along', a place"),
    ("the-building", "Open evening on youth justice and exploitation:\nThe Albany, Douglas Way, "
     "Deptford, London SE8 4AG\n", NPM, "'The Albany' is a venue"),
    ("lower-unknown-surname", "seen: yusuf el-amin 15yo, brought in by ambulance. MASH "
     "referral.\n", RESTRICTED, "a lower-case forename and an unknown surname before an age"),
    ("witness-field", "WITNESS CARE UNIT - CONTACT LOG\nWitness: Gareth PRYCE-JONES     Type: "
     "civilian\n09/12/25 Phoned witness - confirmed available.\n", PROTECT,
     "named in a subject's field, a record is about him"),
    ("upn-under-header", "Transport notice\n\nPassenger         UPN               Notes\n"
     "---------------   ---------------   ------\nPassenger 3 of 6  R208201925114     "
     "Booster seat\n", PROTECT, "a UPN under its column's header"),
    ("staff-cell-bracket", "PO_NUMBER,REQUISITIONER,DESCRIPTION,DELIVER_TO,APPROVER\n"
     "4500782040,Sadia Qureshi (Business Support),Interpreting credit (MASH duty),"
     "\"MASH, 1 Hillman Street, London E8 1DY\",Daniel O'Sullivan\n", NPM,
     "a requisitioner's cell with a role in brackets is staff's; a delivery address a place's"),
    ("children-present", "Police DA notification; MASH.\nChildren present:\n  Ayaan CHOWDHURY  "
     "14/02/2015\n  Inaya CHOWDHURY  30/09/2018\n", RESTRICTED,
     "'Children present:' lists children, not attendees; a date after each name"),
    ("chronology-title", "CHRONOLOGY OF SIGNIFICANT EVENTS\nMason Tierney-Blake\n\nPrepared by: "
     "Shauna Greaves, Social Worker\n\n12/03/2024 Police DA notification; CP plan.\n",
     RESTRICTED, "a name under the heading is the record's subject"),
    ("record-title", "Amara Obi-Wright\n\nContact: Telephone     Date: 05/02/2026\nPractitioner: "
     "Nell Trevithick, Community Nursery Nurse\nLevel of service: Universal\nReason for contact: "
     "sleep advice.\n", PROTECT, "the name heading a record of fields is its subject"),
    ("baby-bank", "Family Hub Baby Bank - stock count. Refuge and MASH requests met this month.\n",
     NPM, "'Baby Bank' is a service"),
    ("venue-pub", "Carers' peer group, strategy for exploitation awareness:\nMon 23/06 19:00  "
     "The Blue Anchor pub (function room), SE16 3UQ\n", NPM, "a name before 'pub' is a venue's"),
    ("staff-list-titles", "Surname,Forename,Title,Job title\nRobinson,Kemi,Ms,Head of Year 7 - DDSL\n"
     "Iqbal,Tomasz,Dr,Headteacher\n", NPM, "'Ms | Head of Year 7' is a title and a job"),
    ("hyphen-word", "Subject: Minute-taking for core groups and CIN reviews\n\nFrom July the "
     "business support team takes minutes at every strategy meeting.\n", NPM,
     "'Minute-taking' is no name"),
    ("rota-table", "MASH DUTY ROTA - MARCH\nRole,Mon 03/03,Tue 04/03\nDuty Manager,Joanne Fairlie,"
     "Kwabena Asare\nEducation (MASH ed officer),Priya Chauhan,Priya Chauhan\n", NPM,
     "the names in a rota's table are staff's"),
    ("welsh-school", "Subject: March invoice - Evie\n\nEvie (wrap-around, before & after school at "
     "Ysgol Pen-y-Garth, 4 days): 17 days\n", PROTECT, "'Ysgol ...' is a school"),
    ("caseload-with-team", "Forename,Surname,Address,Postcode,CP cat,Team\nLuca,Taylor,173 "
     "Shrubland Road,E10 5JA,Neglect,FST S\nJoel,Sheikh,252 Wadham Road,E10 5NT,Sexual abuse,"
     "A&I 2\n", RESTRICTED, "a team's column does not make a caseload a staff list"),
    ("tel-no-name", "I've done an emergency homelessness assessment with Ms Roxana Dumitru, who is "
     "fleeing DA from her partner. Current address:\n\n    Flat 9, Peel House\n    Wenlock Road\n"
     "    London N1 7XX\n\nMARAC referral made.\nAmina Rahman\nHousing Options Officer\nTel: "
     "020 7946 0321\n", RESTRICTED, "'Tel:' is no one; the address is the one private person's"),
    ("list-dob-after-dash", "Health desk daily log\n5. GILL, Inaya - 23-Sep-2024 - HV: baby not registered "
     "with GP.\n", PROTECT, "an unlabelled birth date after a dash in a list's item"),
    # round 9 of the evaluation set: what its dev half taught, in general
    ("venue-label", "Housekeeping for tomorrow's MARAC:\n"
     "1. Venue: Tooley St, 3rd floor, Meeting Room 3.08 (160 Tooley Street, SE1 2QH).\n"
     "2. Children's services rep: Maxine Obeng is covering for Tom Whitlock (on leave).\n",
     NPM, "an address after 'Venue:' is a place's; a colleague named once in passing is no subject"),
    ("address-you-gave", "Dear Ms Kazlauskiene,\n\nThank you for the in-year application for Matas.\n"
     "We need proof of the home address you gave on the form:\n\n    27 Beaconsfield Road\n"
     "    Luton\n    LU2 0RT\n\nKind regards\nDylan Ferris\nSchool Admissions Officer\n",
     PROTECT, "a letter to a parent giving 'the home address you gave': the addressee's"),
    ("nhs-under-header", "New patient registration: family summary\n"
     "Patient DOB NHS number Notes\n"
     "Folake Adebayo 22/06/1989 999 587 3931 Mother. Asthma,\n"
     "well controlled. Cervical screening due.\n"
     "Seun Adebayo 09/09/2016 999 587 3966 Needs MMR 2nd dose.\n",
     PROTECT, "NHS numbers under a header line that names them, the columns lost"),
    ("staff-row-number", "NHS Number\tRegistered GP\tItem\n999 583 2046\tDr Yildiz\tCP plan\n"
     "999 583 2054\tDr Ahmadzai\tMARAC\n999 583 2062\tDr Oduya\tCP plan\n",
     RESTRICTED, "a patient's number on a row whose only name is the GP's is still a person's"),
    ("caseload-status", "Team 2 caseload\n\nWorker: Sam Patel (SW)\n"
     "- Kayden Morris - CP (neglect) - next visit 4/12\n- Ruby-Rose Tate - CIN - review 10/12\n"
     "- Hafsa Begum - LAC - IRO review 15/12\n",
     RESTRICTED, "'CP', 'CIN', 'LAC' after a child's name are statuses, not jobs"),
    ("spaced-log", "Safeguarding log - autumn term\n\n"
     "Date      Pupil               Concern                          Action\n"
     "03/09     Jayden Ward         came in hungry, no coat          DSL spoke to mum\n"
     "02/10     Noah Green          bruise on cheek                  MASH referral\n",
     RESTRICTED, "a table set out with spaces: its Pupil column names the pupils"),
    ("course-title", "Bookings confirmed:\n\nJoint Section 47 Enquiries and ABE Interviews "
     "(2 days, with Met Police)\n - Grace O'Leary\n - Stefania Popescu\n",
     NPM, "'ABE Interviews (2 days)' is a course, not a baby two days old"),
    ("disclosure-mid-sentence", "Update from school\n\nThis morning Tyler Brennan was seen by the "
     "DSL. He disclosed that he was hit with a belt last night and showed marks on his arm. "
     "Tyler was calm. I have asked for a strategy discussion this afternoon.\n\nJo Reid, SW\n",
     RESTRICTED, "a child written of twice beside what happened to him is the record's subject"),
    ("examples-made-up", "Recording names - a guide\n\nConventions you will meet (the example "
     "names below are made up)\nFamily name first: CHEN Wei. Three names: Guled Abdi Hirsi.\n"
     "Record the MASH contact under the family name.\n",
     NPM, "names a document says are made up identify nobody"),
    # round 10: forms, tables in e-mails, letters, and the staff around them
    ("form-dotted-leaders", "HEALTH VISITING - 1 YEAR REVIEW\n"
     "Child ............................ Ayo-Lucas MORGAN\n"
     "Age at review .................... 11 months 2 weeks\n"
     "Seen by .......................... Bukola Adesanya-Price, Community Nursery Nurse\n",
     PROTECT, "a form's dotted leaders are its colons: the child's field, then the age"),
    ("spaced-table-in-email", "Hi Nkechi,\n\nStill missing for Friday (4M, Kew):\n\n"
     "   Pupil              Consent   Medical form   Packed lunch\n"
     "   -----------------  --------  -------------  ------------\n"
     "   Grace Hall         no        no             school lunch\n"
     "   Tomiwa Adebisi     no        yes            own\n\n"
     "If any aren't back by Thursday they stay in 4K.\n\nDeclan Mahoney\nClass Teacher, 4M\n",
     PROTECT, "a table set out with spaces in the middle of an e-mail: its Pupil column"),
    ("form-table-of-words", "CHILD'S PLAN - TEMPLATE\n"
     "Name: ____________________   Known as: __________   DOB: __/__/____\n\n"
     "   Indicator     | Strengths | Concerns\n   Safe          |           |\n"
     "   Healthy       |           |\n   Achieving     |           |\n"
     "Child Protection Plan: [ ] yes [ ] no\n",
     NPM, "a template's fields are no table's header, and 'Safe', 'Healthy' no names"),
    ("titled-record", "PUPIL PASSPORT - Dawit Tesfaye\n(one-page profile - please read before "
     "teaching Dawit)\n\nI came to the UK from Eritrea. I love football.\n",
     PROTECT, "a record titled with the pupil it is about, who is written of again"),
    ("letter-your-year", "Dear Ibrahim,\n\nCongratulations! Your poster won. Your teacher, "
     "Mr Addo, has said the whole of Year 6 can come outside to see the van.\n\n"
     "Well done, Ibrahim Haidari.\n\nPC Eleanor Mbeki-Jones\nSafer Schools Officer\n",
     PROTECT, "a letter to a child: 'your teacher ... Year 6' is the addressee's year"),
    ("tenant-at-visit", "visit w/ PCSO Kamara 14:10 - 27 Marlow Rd, SE18 2PX (grd flr flat)\n"
     "- tenant kayla reeves answered after 5 mins, v anxious.\n"
     "- child seen at address in school hours - possible CCE, MASH referral today\n",
     RESTRICTED, "the tenant of the flat visited lives at its address"),
    ("staff-around-the-name", "JOB PLAN 2026/27\n\nName: Dr Oyinkansola Bamgbose-Hart\n"
     "Post: Consultant Paediatrician, Named Doctor for Safeguarding Children\n"
     "Safeguarding supervision: 1 PA. Child protection medicals: 2 PAs.\n"
     "Mr Kofi Antwi-Boasiako joins us as a Trainee EP (Year 2) from UCL.\n"
     "Connor was previously a staff nurse on Kestrel Ward.\n"
     "Father (Burke Sandhu Solicitors): none given.\n",
     NPM, "a doctor in a Name: field, a trainee's year, a ward and a firm are no family's"),
    ("role-as-form-label", "TEAM CONTACTS\nInfant Feeding Lead .... Magda Kowal\n"
     "Health Visitor ......... Grace Nwosu\nMASH health: Joy Ferreira\n",
     NPM, "a job's title before the dots is a role, whatever its words ('Infant')"),
    # names shared by children on different rows, each row its own NHS
    # number: 55 children, not 10 (the shared false-clean check's export)
    ("shared-names-columns", "Name,Date of birth,NHS number,Child protection plan start\n"
     + "".join("%s,%02d/%02d/20%02d,%s,01/%02d/2025\n"
               % (["Alex Ash", "Bea Elm", "Cal Larch", "Dee Yew", "Eve Cedar"][k % 5],
                  k % 28 + 1, k % 12 + 1, 10 + k % 8, n, k % 12 + 1)
               for k, n in enumerate(ids.nhs_numbers(55, start=424000))),
     "CONFIDENTIAL", "each row's NHS number is a child: 55 on CP plans"),
]


class People(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        for name, text, _, _ in CASES:
            with open(os.path.join(cls.tmp.name, name + (".csv" if name.endswith("-columns") or name in ("month-range", "ward-column") else ".txt")), "w") as f:
                f.write(text)
        out = subprocess.run([PMARK, "classify", "--json", "--policy", "london-lscb", cls.tmp.name],
                             capture_output=True, text=True, timeout=120)
        cls.results = {}
        for line in out.stdout.splitlines():
            r = json.loads(line)
            cls.results[os.path.splitext(os.path.basename(r["path"]))[0]] = r

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_cases(self):
        self.assertEqual(len(self.results), len(CASES))
        for name, text, level, why in CASES:
            with self.subTest(name):
                r = self.results[name]
                self.assertEqual(r["level"], level, "%s: %s\n%s" % (name, why, r["reasons"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
