// The backbone's pretraining pool (chapter 3): eight tasks of all four kinds in domains and
// with label names that the benchmark does not use (sport, medicine, business, film, finance,
// hotels, phones). The backbone learns the SEL format and copying here; the 13 benchmark tasks
// are new to it. ABSA is the exception: its labels (aspect, opinion, polarities) are fixed by
// the task itself, so the pool's ABSA tasks share them; only the domains differ.

enum PoolTasks {
    typealias L = SharedLexicon

    static let sportsLists: [String: [String]] = [
        "teamSuffix": ["Rangers", "Falcons", "Tigers", "Sharks", "Comets", "Giants", "Wolves", "Hornets"],
        "venueSuffix": ["Arena", "Park", "Field", "Dome", "Coliseum", "Ground"],
        "position": ["striker", "goalkeeper", "captain", "coach", "forward", "pitcher"],
        "when": ["on Saturday", "last night", "in the final", "this season", "in {year}"],
        "bodyPart": ["knee", "ankle", "shoulder", "hamstring", "wrist"],
    ]
    static let sportsForms: [String: [String]] = [
        "athlete": ["{Name} {Name}", "{w:position} {Name}", "{Name}"],
        "team": ["{Name} {w:teamSuffix}", "{Name} {Name} {w:teamSuffix}"],
        "venue": ["{Name} {w:venueSuffix}"],
        "score": ["{num} - {num}"],
        "fee": ["{num} million"],
        "body part": ["{w:bodyPart}"],
    ]

    static let sportsNER = TaskSpec(
        id: "pool-sports-ner", stands: "pool", kind: .entity, domain: "sports reports",
        entityTypes: ["athlete", "team", "venue"],
        links: [Link(nil, "athlete", "team", ["{H} scored for {T}", "{H} signed with {T}", "{H} , the {T} {w:position} ,"]),
                Link(nil, "team", "venue", ["{H} play at {T}", "{H} won at {T}"]),
                Link(nil, "team", "team", ["{H} beat {T}", "{H} lost to {T}"]),
                Link(nil, "athlete", "athlete", ["{H} passed to {T}", "{H} replaced {T}"])],
        forms: sportsForms, lists: sportsLists,
        connectors: [", and", ", while", ", after", "; later ,"], openers: ["{w:when} ,", "fans saw"], closers: ["{w:when}", ", the coach said"])

    static let medicalNER = TaskSpec(
        id: "pool-medical-ner", stands: "pool", kind: .entity, domain: "clinical notes",
        entityTypes: ["drug", "disease", "symptom", "clinic"],
        links: [Link(nil, "drug", "disease", ["{H} treats {T}", "{H} was prescribed for {T}"]),
                Link(nil, "disease", "symptom", ["{H} causes {T}", "{H} presented with {T}"]),
                Link(nil, "clinic", "drug", ["{H} stocks {T}", "{H} trialed {T}"]),
                Link(nil, "symptom", "drug", ["{H} improved after {T}", "{H} worsened on {T}"])],
        forms: ["drug": ["{Name}", "{Name} {w:dose}"], "disease": ["{Name} {w:diseaseNoun}", "{w:diseaseAdj} {w:diseaseNoun}"],
                "symptom": ["{w:symptom}", "{w:severity} {w:symptom}"], "clinic": ["{Name} {w:clinicSuffix}"],
                "doctor": ["Dr {Name}"]],
        lists: ["dose": ["tablets", "syrup", "injection", "capsules"], "diseaseNoun": ["syndrome", "disease", "fever", "infection"],
                "diseaseAdj": ["chronic", "viral", "acute", "bacterial"], "symptom": ["headache", "fever", "cough", "rash", "fatigue", "nausea"],
                "severity": ["mild", "severe", "persistent"], "clinicSuffix": ["Clinic", "Hospital", "Medical Center", "Health"]],
        connectors: [", and", ";", ", while", ", although"], openers: ["the patient reported that", "per {X:doctor} ,"], closers: [", per {X:doctor}", "this week"])

    static let businessRE = TaskSpec(
        id: "pool-business-re", stands: "pool", kind: .relation, domain: "business news",
        entityTypes: ["company", "executive", "city"],
        links: [Link("ceo of", "executive", "company", ["{H} , chief of {T} ,", "{H} runs {T}", "{H} , who leads {T} ,"]),
                Link("headquartered in", "company", "city", ["{H} , headquartered in {T} ,", "{H} moved its head office to {T}"]),
                Link("subsidiary of", "company", "company", ["{H} , a unit of {T} ,", "{H} is owned by {T}"]),
                Link("founded", "executive", "company", ["{H} founded {T}", "{H} started {T} in {year}"]),
                Link(nil, "company", "company", ["{H} competes with {T}", "{H} sued {T}"])],
        forms: ["company": ["{Name} {w:coSuffix}", "{Name} {Name} {w:coSuffix}"], "executive": ["{Name} {Name}", "{Name}"],
                "city": ["{Name}", "{Name} City"], "analyst": ["analyst {Name}"]],
        lists: ["coSuffix": ["Inc", "Ltd", "Industries", "Partners", "Capital", "Logistics", "Pharma", "Energy"]],
        connectors: [", and", ", while", "; meanwhile ,", ", after"], openers: ["shares fell after", "{X:analyst} said"], closers: [", {X:analyst} said", "on Wall Street"])

    static let filmRE = TaskSpec(
        id: "pool-film-re", stands: "pool", kind: .relation, domain: "film reviews and news",
        entityTypes: ["actor", "film", "studio", "director"],
        links: [Link("starred in", "actor", "film", ["{H} starred in {T}", "{H} plays the lead in {T}", "{T} stars {H}"]),
                Link("directed", "director", "film", ["{H} directed {T}", "{T} , directed by {H} ,"]),
                Link("produced by", "film", "studio", ["{H} was produced by {T}", "{T} released {H}"]),
                Link(nil, "actor", "director", ["{H} praised {T}", "{H} worked with {T}"])],
        forms: ["actor": ["{Name} {Name}", "actress {Name}", "actor {Name}"], "film": ["{Name} {w:filmNoun}", "The {Name}", "{Name} {Name}"],
                "studio": ["{Name} Pictures", "{Name} Studios", "{Name} Films"], "director": ["director {Name}", "{Name} {Name}"],
                "critic": ["critic {Name}"]],
        lists: ["filmNoun": ["Rising", "Returns", "Night", "Road", "Legacy", "Chronicles"]],
        connectors: [", and", ", while", "; also ,"], openers: ["this summer ,", "{X:critic} wrote that"], closers: ["at the box office", ", {X:critic} wrote"])

    static let financeEE = TaskSpec(
        id: "pool-finance-ee", stands: "pool", kind: .event, domain: "financial news",
        frames: [EventFrame("acquisition", triggers: ["acquired", "bought", "takeover of", "purchase of"],
                            roles: ["acquirer": "company", "acquired": "company", "price": "money"],
                            patterns: ["{R:acquirer} {TRIG} {R:acquired} for {R:price}", "{R:acquirer} announced the {TRIG} {R:acquired}"]),
                 EventFrame("layoff", triggers: ["laid off", "cut", "dismissed"],
                            roles: ["employer": "company", "headcount": "count"],
                            patterns: ["{R:employer} {TRIG} {R:headcount}", "{R:headcount} were {TRIG} at {R:employer}"]),
                 EventFrame("listing", triggers: ["listed", "went public", "debuted"],
                            roles: ["issuer": "company", "exchange": "exchange", "price": "money"],
                            patterns: ["{R:issuer} {TRIG} on {R:exchange}", "{R:issuer} {TRIG} at {R:price}"])],
        forms: ["company": ["{Name} {w:coSuffix}", "{Name}"], "money": ["{num} million dollars", "{num} dollars a share"],
                "count": ["{num} workers", "{num} employees", "{num} staff"], "exchange": ["the {Name} exchange", "{Name} Exchange"],
                "analyst": ["analyst {Name}"]],
        lists: ["coSuffix": ["Inc", "Ltd", "Industries", "Capital", "Energy"]],
        connectors: [", and", ", after", "; separately ,"], openers: ["{X:analyst} said"], closers: [", {X:analyst} said"])

    static let sportsEE = TaskSpec(
        id: "pool-sports-ee", stands: "pool", kind: .event, domain: "sports reports",
        frames: [EventFrame("victory", triggers: ["beat", "defeated", "won against", "thrashed"],
                            roles: ["winner": "team", "loser": "team", "venue": "venue", "score": "score"],
                            patterns: ["{R:winner} {TRIG} {R:loser} {R:score}", "{R:winner} {TRIG} {R:loser} at {R:venue}"]),
                 EventFrame("transfer", triggers: ["joined", "signed for", "moved to"],
                            roles: ["player": "athlete", "new team": "team", "fee": "fee"],
                            patterns: ["{R:player} {TRIG} {R:new team}", "{R:player} {TRIG} {R:new team} for {R:fee}"]),
                 EventFrame("injury", triggers: ["injured", "hurt", "strained"],
                            roles: ["player": "athlete", "body part": "body part"],
                            patterns: ["{R:player} {TRIG} his {R:body part}", "{R:player} was {TRIG}"])],
        forms: sportsForms, lists: sportsLists,
        connectors: [", and", ", after", ", while"], openers: ["{w:when} ,"], closers: ["{w:when}"])

    static let hotelABSA = EventABSATasks.absa(id: "pool-hotel-absa", stands: "pool", domain: "hotel reviews",
        aspects: ["room", "bed", "staff", "breakfast", "pool", "view", "bathroom", "wifi", "lobby", "check-in"],
        distractors: ["elevator", "key", "towel"], extraOpinions: ["positive": ["spacious", "clean", "quiet"], "negative": ["dirty", "small", "smelly"]])

    static let phoneABSA = EventABSATasks.absa(id: "pool-phone-absa", stands: "pool", domain: "phone reviews",
        aspects: ["camera", "display", "battery", "apps", "charging", "design", "storage", "signal", "speaker"],
        distractors: ["cable", "box", "sim"], extraOpinions: ["positive": ["sharp", "snappy", "solid"], "negative": ["weak", "fragile", "blurry"]])
}
