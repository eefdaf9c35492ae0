# SPDX-License-Identifier: LGPL-2.1-or-later
"""Safeguarding case content as practitioners write it, formal and
informal. Placeholders: {c} the child's first name (or "the child"),
{they} {them} {their} {They} {Their}, {mum} how the mother is referred to,
{partner} how her partner is, {date} a recent date. Each entry is
(template, case terms it contains)."""
import datetime

CONCERNS = {
    "physical": [
        ("{c} came into school with a bruise to {their} left cheek and said {mum} had hit {them} with a slipper.",
         ["bruise", "physical abuse"], 4, 17),
        ("Bruising noted to {c}'s upper arm, fingertip pattern. {They} said {partner} \"grabbed me hard\" when {they} wouldn't go to bed.",
         ["bruising"], 3, 17),
        ("{c} presented at ED with a spiral fracture to the left forearm; the explanation (fell off the sofa) is not consistent with the injury. Skeletal survey requested.",
         ["non-accidental injury"], 0, 12),
        ("In PE the class teacher saw linear marks on the back of {c}'s legs. {c} said {they} got \"the belt\" for lying about homework.",
         ["physical abuse", "marks"], 6, 17),
        ("small round burn on {c}s forearm, looks like cigarette. no explanation given, {c} v quiet and wouldnt say",
         ["burn", "injury"], 0, 17),
        ("{c} disclosed that {partner} pushed {them} into the wardrobe door at the weekend. Bruise above right eye approx 3cm.",
         ["disclosure", "bruise"], 3, 17),
    ],
    "neglect": [
        ("{c} is regularly arriving hungry, in the same uniform all week and with a strong smell of urine. Head lice untreated since October.",
         ["neglect"], 4, 17),
        ("Home conditions very poor on visit - dog faeces on the floor, no food in the fridge, mattress on floor in the children's room. Clear neglect concerns.",
         ["neglect", "home conditions"], 0, 17),
        ("missed 3 x dental appts and the hospital follow up for {their} eczema, which is now infected. {mum} not engaging with reminders.",
         ["medical neglect", "was not brought"], 1, 17),
        ("{c} was found walking alone near the main road at 9pm looking for {mum}. Neighbour called police. {mum} returned at 11pm, appeared under the influence.",
         ["neglect", "police"], 3, 12),
        ("Weight has dropped from the 25th to below the 2nd centile. Faltering growth with no medical cause found; concerns re feeding and supervision.",
         ["faltering growth", "neglect"], 0, 3),
        ("Attendance 71% this term, frequently collected late and not collected at all twice. No working phone number for {mum}.",
         ["neglect", "attendance"], 4, 17),
    ],
    "domestic-abuse": [
        ("Police called to the home following a DV incident: {partner} assaulted {mum} in front of the children; {c} tried to intervene.",
         ["DV incident", "domestic abuse"], 6, 17),
        ("{mum} disclosed that {partner} has been controlling her money and phone and has strangled her twice. DASH completed: 18 (high risk), referred to MARAC.",
         ["DASH", "MARAC", "domestic abuse"], 0, 17),
        ("{c} told {their} teacher that \"daddy hurt mummy again and the police came\". Operation Encompass notification received the same morning.",
         ["Operation Encompass", "domestic abuse"], 4, 9),
        ("DA incident overnight, {partner} arrested for ABH against {mum}, children present. Non-molestation order being sought.",
         ["domestic abuse", "arrested"], 0, 17),
        ("{mum} has let {partner} back into the home despite the safety plan agreed at the last core group; he is on bail with a condition not to attend the address.",
         ["safety plan", "core group", "domestic abuse"], 0, 17),
    ],
    "sexual": [
        ("{c} made a disclosure of sexual abuse to the school nurse, naming {partner}. ABE interview being arranged with police.",
         ["sexual abuse", "disclosure", "ABE interview"], 4, 17),
        ("Concerns that {c} is being sexually exploited: older males picking {them} up in cars after school, new phone and clothes, going missing overnight.",
         ["child sexual exploitation", "missing"], 11, 17),
        ("Sexualised behaviour reported in class by {c}; when asked, {they} said {partner} showed {them} videos on his phone.",
         ["harmful sexual behaviour", "sexual abuse"], 4, 17),
        ("{c} shared that an adult {they} met online has asked for images and threatened to share them. CEOP report made.",
         ["online sexual exploitation", "CEOP"], 10, 17),
    ],
    "exploitation": [
        ("{c} was found in a trap house in Margate with £800 cash and wraps of crack cocaine. County lines indicators; NRM referral submitted.",
         ["county lines", "NRM referral", "criminal exploitation"], 12, 17),
        ("Missing episode no. 4 this month. {c} returned with a stab wound to the leg and would not say where {they} had been. MACE referral.",
         ["missing episode", "MACE", "exploitation"], 11, 17),
        ("{c} is believed to be running drugs for an older group; seen with unexplained cash and two phones. Return home interview declined.",
         ["child criminal exploitation", "return home interview"], 11, 17),
        ("Police stop and search: {c} found with a knife and a burner phone. Concerns re CCE discussed at strat disc.",
         ["CCE", "strategy discussion"], 12, 17),
    ],
    "emotional": [
        ("{c} has said {mum} calls {them} \"useless\" and \"a mistake\" daily and locks {them} in {their} room. Emotional abuse concerns.",
         ["emotional abuse"], 4, 17),
        ("{c} disclosed self-harm (cutting to forearms) and said {they} can't go home because of the shouting. DSL informed, CAMHS crisis line called.",
         ["self-harm", "DSL"], 10, 17),
        ("{c} is a young carer for {mum}, whose mental health has deteriorated; {c} is missing school and says {they} is scared {mum} will die.",
         ["young carer", "parental mental health"], 7, 17),
    ],
    "substance": [
        ("{mum} was found unconscious at home after taking heroin, with {c} alone in the flat. Police protection used and {c} placed with grandparents overnight.",
         ["police protection", "parental substance misuse"], 0, 10),
        ("{mum} attended the nursery collection visibly drunk and tried to drive with {c} in the car. Police called; referral to MASH.",
         ["MASH referral", "parental alcohol misuse"], 1, 5),
    ],
    "hba-fgm": [
        ("{c} told the school nurse {they} is being taken \"home\" over the summer for a special ceremony; older sister had FGM. FGM protection order considered.",
         ["FGM", "FGM protection order"], 4, 12),
        ("{c} disclosed that {their} family are arranging a marriage abroad for {them} after the exams. Forced Marriage Unit contacted.",
         ["forced marriage", "honour-based abuse"], 13, 17),
    ],
}


# Short, informal entries as staff type them into a log.
SHORT = {
    "physical": [
        ("{c} has a mark on {their} neck, says {their} brother did it playing. Not consistent - DSL informed.", ["DSL"], 4, 17),
        ("bruises both upper arms, {c} said dad grabbed {them} when {they} wouldnt get in the car", ["bruises"], 3, 17),
        ("{c} flinched when staff raised hand to point at board. Said {they} gets hit at home \"when I'm bad\".", ["disclosure"], 4, 12),
        ("Black eye. {c} says walked into door. Third facial injury this term.", ["injury"], 4, 17),
        ("{c} told TA that {mum} pulled {their} hair out. Bald patch seen approx 2cm. Photo not taken, body map done.", ["body map"], 4, 12),
        ("Swelling to {c}'s hand; {they} said {partner} stood on it. Parent not contacted on advice of MASH.", ["MASH"], 3, 17),
    ],
    "neglect": [
        ("{c} asked for food 3x before 10am. Shoes split, no socks. Spoke to mum at pick up - says money is tight.", ["neglect"], 3, 12),
        ("{c} not collected at 3.15, mum's phone off. Taken home by staff at 5pm, no adult there - police called.", ["not collected", "police"], 4, 12),
        ("{c} has had toothache for 2 weeks, no dentist. Falling asleep in lessons. Says there are no beds, sleeps on sofa.", ["neglect"], 4, 17),
        ("Nappy not changed since yesterday per nursery, severe rash. {c} very hungry on arrival.", ["neglect"], 0, 3),
        ("{c} left alone in the flat overnight while {mum} worked; neighbour heard crying.", ["neglect", "left alone"], 1, 12),
    ],
    "domestic-abuse": [
        ("Encompass call this am - police at home last night, {partner} removed. {c} seemed tired but ok, check-in with ELSA.", ["Encompass"], 4, 17),
        ("{c} said {they} hid under the bed when {partner} was \"smashing things\" and {mum} was screaming.", ["domestic abuse"], 3, 12),
        ("{mum} came to reception with a cut lip and asked us not to tell anyone. DV - DSL spoke to her, DASH started.", ["DV", "DASH"], 0, 17),
        ("{c} drew a picture of {partner} hitting {mum} with a belt. Discussed with DSL; MASH consulted.", ["MASH", "DSL"], 3, 10),
    ],
    "sexual": [
        ("{c} told friend that an older boy at the park made {them} do things; friend told teacher. Verbatim recorded.", ["disclosure"], 6, 17),
        ("Nude image of {c} being shared around Y9 group chat. Phones seized, police informed, no viewing by staff.", ["sexual image sharing", "police"], 12, 17),
        ("{c} has a 22yo \"boyfriend\" who collects {them} from school. CSE screening tool completed - high.", ["CSE"], 12, 17),
    ],
    "exploitation": [
        ("{c} missing from home since Fri, police aware. Seen in Southend per friends. 3rd episode this half-term.", ["missing"], 11, 17),
        ("{c} came in with new Canada Goose coat and £200 cash. Said \"I do jobs for my cousin\". CCE concerns.", ["CCE"], 11, 17),
        ("{c} arrested in Norfolk in a car with two adults and drugs. Released under investigation; NRM referral.", ["NRM referral", "arrested"], 12, 17),
    ],
    "emotional": [
        ("{c} told counsellor {they} wants to die and has a plan. Parents called, {c} taken to A&E by DSL. CAMHS crisis.", ["suicidal ideation", "CAMHS"], 10, 17),
        ("{c} is scared to go home because {mum} says she'll \"put {them} in care\". Very tearful, won't eat lunch.", ["emotional abuse"], 5, 15),
        ("Fresh cuts to {c}'s wrist seen in PE. {c} said it helps. DSL informed and safety plan started.", ["self-harm", "DSL"], 10, 17),
    ],
    "substance": [
        ("{mum} smelt strongly of alcohol at drop off and was unsteady. {c} said {mum} \"drinks the wine all day\".", ["parental alcohol misuse"], 3, 12),
        ("{c} said there are \"needles in the bathroom\" at home. MASH informed the same day.", ["MASH", "parental substance misuse"], 4, 14),
    ],
    "hba-fgm": [
        ("{c} asked a teacher whether \"cutting\" hurts because {their} auntie said it would happen in the holidays.", ["FGM"], 5, 12),
        ("{c} says {they} is not allowed to leave the house except for school and has been threatened by {their} uncle over a boyfriend.", ["honour-based abuse"], 12, 17),
    ],
}
for _cat, _ts in SHORT.items():
    CONCERNS[_cat].extend(_ts)

ACTIONS = [
    ("MASH referral made {date}.", ["MASH referral"]),
    ("Referral sent to the MASH on {date}.", ["MASH"]),
    ("Strategy discussion held {date}; agreed threshold met for a section 47 enquiry.", ["strategy discussion", "section 47"]),
    ("Strat disc {date} - S47 agreed, joint visit with CAIT.", ["strat disc", "S47"]),
    ("ICPC booked for {future}.", ["ICPC"]),
    ("Outcome of the ICPC: child protection plan under the category of neglect.", ["ICPC", "child protection plan"]),
    ("CP plan continues - next RCPC {future}.", ["CP plan", "RCPC"]),
    ("Core group met {date}; actions reviewed, home conditions still poor.", ["core group"]),
    ("LADO consulted as the allegation is against a member of staff.", ["LADO"]),
    ("DASH completed with mum - high risk; MARAC referral sent {date}.", ["DASH", "MARAC"]),
    ("Police protection powers used; placed in emergency foster care.", ["police protection"]),
    ("PLO letter before proceedings sent {date}.", ["PLO"]),
    ("Child in need plan agreed; review in 3 months.", ["child in need plan"]),
    ("Case stepped up from early help to CSC after a second DV notification.", ["early help", "DV notification"]),
    ("Legal planning meeting on {date} agreed to issue care proceedings.", ["care proceedings"]),
    ("S20 accommodation agreed with mum; LAC review booked.", ["s20", "LAC review"]),
    ("Return home interview completed {date}.", ["return home interview"]),
    ("DSL logged on CPOMS and rang the MASH duty line.", ["DSL", "CPOMS", "MASH"]),
    ("Prevent referral considered and discussed with the Channel coordinator.", ["Prevent"]),
    ("Rang the MASH for consultation; advised to submit a referral today.", ["MASH"]),
    ("Single assessment opened; SW allocated.", ["single assessment"]),
    ("Child protection medical booked with the on-call paediatrician.", ["child protection medical"]),
    ("Police informed (CAD %d); welfare check requested." % 4411, ["police", "welfare check"]),
    ("Discussed at safeguarding supervision - escalate to CSC if no improvement in 2 weeks.", ["safeguarding supervision"]),
    ("Referred to MARAC by the IDVA.", ["MARAC"]),
    ("Added to the agenda for the next core group.", ["core group"]),
    ("Family already open to CSC - allocated SW emailed the same day.", ["CSC"]),
    ("Early help assessment offered; mum declined. Referral to MASH made without consent.", ["early help", "MASH"]),
    ("ABE interview arranged for Thursday.", ["ABE interview"]),
]


def recent(r, ref, days=60):
    return ref - datetime.timedelta(days=r.randint(1, days))


def term_date(r, ref, days=60):
    """A recent school day: not in August, not at a weekend."""
    d = recent(r, ref, days)
    if d.month == 8:
        d -= datetime.timedelta(days=31)
    while d.weekday() >= 5:
        d -= datetime.timedelta(days=1)
    return d


def short_date(r, d):
    return r.choice(["%02d/%02d/%d" % (d.day, d.month, d.year), "%d/%d" % (d.day, d.month),
                     "%d.%d.%02d" % (d.day, d.month, d.year % 100),
                     "%d %s" % (d.day, MON[d.month - 1]), "%02d/%02d" % (d.day, d.month)])


MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def fill(t, r, c="the child", p=None, mum="mum", partner="mum's partner", date=None, ref=None):
    """The template with its placeholders filled; p the child (for the
    pronouns), ref the document's date (for {date}, a recent day, and
    {future}, a day to come)."""
    g = p.gender if p is not None else r.choice("mf")
    they, them, their = ("he", "him", "his") if g == "m" else ("she", "her", "her")
    if date is None:
        date = short_date(r, recent(r, ref, 30)) if ref is not None else "last week"
    future = short_date(r, ref + datetime.timedelta(days=r.randint(3, 30))) if ref is not None else "next week"
    s = t.format(c=c, they=they, them=them, their=their, They=they.capitalize(), Their=their.capitalize(),
                 mum=mum, partner=partner, date=date, future=future)
    if s.startswith(("the child", "the children", "the pupil", "mum ", "mum's")):
        s = s[0].upper() + s[1:]
    return s


def eligible(age):
    """{category: [(template, terms)]} that suit a child of this age (any
    age when None)."""
    out = {}
    for cat, ts in CONCERNS.items():
        ok = [(t, terms) for t, terms, lo, hi in ts if age is None or lo <= age <= hi]
        if ok:
            out[cat] = ok
    return out


def concern(r, cat=None, age=None):
    """(category, (template, terms)) for a child of this age."""
    el = eligible(age)
    if cat not in el:
        cat = r.choice(sorted(el))
    return cat, r.choice(el[cat])


def action(r):
    return r.choice(ACTIONS)
