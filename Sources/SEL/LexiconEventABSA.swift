// The event and aspect-based sentiment tasks of the benchmark (chapter 3). CASIE keeps five of
// its event types; ACE05-Evt keeps ten of its 33 (the most frequent kinds), so that the schema
// prompt stays short enough for the tiny model's source limit.

enum EventABSATasks {
    typealias L = SharedLexicon

    static let casie = TaskSpec(
        id: "casie", stands: "CASIE", kind: .event, domain: "cybersecurity news",
        frames: [
            EventFrame("databreach attack", triggers: ["breached", "leaked", "exposed", "stole", "compromised"],
                       roles: ["attacker": "hacker", "victim": "organization", "compromised data": "data", "time": "time"],
                       patterns: ["{R:attacker} {TRIG} {R:compromised data} from {R:victim}", "{R:victim} said hackers {TRIG} {R:compromised data} {R:time}",
                                  "{R:compromised data} of {R:victim} was {TRIG}", "{R:attacker} {TRIG} {R:victim} servers"]),
            EventFrame("phishing attack", triggers: ["phishing", "spoofed", "impersonated", "lured"],
                       roles: ["attacker": "hacker", "victim": "person|organization", "tool": "tool", "trusted entity": "organization"],
                       patterns: ["{R:attacker} {TRIG} {R:trusted entity} to target {R:victim}", "a {TRIG} campaign using {R:tool} hit {R:victim}",
                                  "{R:victim} received {TRIG} emails with {R:tool}"]),
            EventFrame("ransom attack", triggers: ["ransomware", "encrypted", "extorted", "ransom"],
                       roles: ["attacker": "hacker", "victim": "organization", "price": "money", "tool": "tool"],
                       patterns: ["{R:attacker} {TRIG} {R:victim} files and demanded {R:price}", "{R:victim} was hit by {R:tool} {TRIG}",
                                  "{R:attacker} {TRIG} {R:victim} for {R:price}"]),
            EventFrame("discover vulnerability", triggers: ["discovered", "found", "disclosed", "uncovered"],
                       roles: ["discoverer": "person|organization", "vulnerability": "flaw", "supported platform": "software"],
                       patterns: ["{R:discoverer} {TRIG} {R:vulnerability} in {R:supported platform}", "{R:vulnerability} in {R:supported platform} was {TRIG} by {R:discoverer}"]),
            EventFrame("patch vulnerability", triggers: ["patched", "fixed", "released a fix for", "addressed"],
                       roles: ["releaser": "organization", "vulnerability": "flaw", "supported platform": "software", "time": "time"],
                       patterns: ["{R:releaser} {TRIG} {R:vulnerability} in {R:supported platform}", "{R:releaser} {TRIG} {R:vulnerability} {R:time}"]),
        ],
        forms: [
            "hacker": ["{Name} hackers", "the {Name} group", "{Name} {w:hackerNoun}"],
            "organization": ["{Name} {w:orgSuffix}", "{Name}"],
            "person": ["{Name} {Name}", "researcher {Name}"],
            "data": ["{w:data}", "{num} million {w:data}"],
            "tool": ["{Name} {w:malware}", "{w:malware}"],
            "money": ["{num} bitcoin", "{num} million dollars", "{num} thousand dollars"],
            "flaw": ["{w:flaw}", "a {w:flaw}", "{Name} {w:flaw}"],
            "software": ["{Name} {w:platform}", "{Name} {Name} {w:platform}"],
            "time": ["{w:when}"],
        ],
        lists: [
            "hackerNoun": ["gang", "crew", "operators", "actors"],
            "orgSuffix": ["Bank", "Health", "Telecom", "Corp", "Systems", "University", "Retail", "Insurance"],
            "data": ["passwords", "credit card numbers", "customer records", "email addresses", "medical records", "login credentials", "social security numbers"],
            "malware": ["trojan", "malware", "keylogger", "botnet", "worm", "loader"],
            "flaw": ["zero-day", "buffer overflow", "remote code execution flaw", "privilege escalation bug", "injection flaw"],
            "platform": ["browser", "router firmware", "server", "operating system", "VPN", "plugin"],
            "when": ["on Monday", "last week", "in March", "this year", "on Friday", "in {year}"],
        ],
        connectors: [", and", ", after", "; separately ,", ", while", ". Meanwhile ,"],
        openers: ["security researchers said", "according to {X:company} ,", "in a blog post ,", "{w:when} ,"],
        closers: [", the company said", ", according to {X:company}", "{w:when}", ", researchers warned"]
    ).withForms(["company": ["{Name} Security", "{Name} Labs"]])

    static let ace05Evt = TaskSpec(
        id: "ace05-evt", stands: "ACE05-Evt", kind: .event, domain: "broadcast news",
        frames: [
            EventFrame("attack", triggers: ["attacked", "bombed", "shelled", "raided", "fighting"],
                       roles: ["attacker": "person|organization", "target": "facility|gpe", "place": "gpe", "instrument": "weapon"],
                       patterns: ["{R:attacker} {TRIG} {R:target}", "{R:attacker} {TRIG} {R:target} in {R:place}", "{R:attacker} {TRIG} {R:target} with {R:instrument}"]),
            EventFrame("die", triggers: ["killed", "died", "dead", "killing"],
                       roles: ["victim": "person", "agent": "person|organization", "place": "gpe", "instrument": "weapon"],
                       patterns: ["{R:victim} {TRIG} in {R:place}", "{R:agent} {TRIG} {R:victim}", "{R:victim} was {TRIG} by {R:instrument}"]),
            EventFrame("transport", triggers: ["moved", "arrived", "traveled", "sent", "returned"],
                       roles: ["artifact": "person", "destination": "gpe|facility", "origin": "gpe", "vehicle": "vehicle"],
                       patterns: ["{R:artifact} {TRIG} to {R:destination}", "{R:artifact} {TRIG} from {R:origin} to {R:destination}", "{R:artifact} {TRIG} by {R:vehicle}"]),
            EventFrame("arrest jail", triggers: ["arrested", "detained", "jailed", "captured"],
                       roles: ["agent": "organization|person", "person": "person", "place": "gpe"],
                       patterns: ["{R:agent} {TRIG} {R:person} in {R:place}", "{R:person} was {TRIG} by {R:agent}", "{R:agent} {TRIG} {R:person}"]),
            EventFrame("meet", triggers: ["met", "talks", "summit", "meeting"],
                       roles: ["entity": "person", "place": "gpe"],
                       patterns: ["{R:entity} {TRIG} {R:entity} in {R:place}", "{R:entity} held {TRIG} with {R:entity}"]),
            EventFrame("injure", triggers: ["injured", "wounded", "hurt"],
                       roles: ["victim": "person", "agent": "person|organization", "instrument": "weapon"],
                       patterns: ["{R:victim} was {TRIG} by {R:instrument}", "{R:agent} {TRIG} {R:victim}"]),
            EventFrame("elect", triggers: ["elected", "chose", "voted for"],
                       roles: ["person": "person", "entity": "gpe", "place": "gpe"],
                       patterns: ["{R:entity} {TRIG} {R:person}", "voters in {R:place} {TRIG} {R:person}"]),
            EventFrame("start position", triggers: ["appointed", "hired", "named", "became"],
                       roles: ["person": "person", "entity": "organization"],
                       patterns: ["{R:entity} {TRIG} {R:person}", "{R:person} was {TRIG} head of {R:entity}"]),
            EventFrame("end position", triggers: ["resigned", "fired", "retired", "stepped down"],
                       roles: ["person": "person", "entity": "organization"],
                       patterns: ["{R:person} {TRIG} from {R:entity}", "{R:entity} {TRIG} {R:person}"]),
            EventFrame("transfer money", triggers: ["paid", "donated", "gave", "loaned"],
                       roles: ["giver": "person|organization", "recipient": "organization|person", "money": "money"],
                       patterns: ["{R:giver} {TRIG} {R:money} to {R:recipient}", "{R:giver} {TRIG} {R:recipient} {R:money}"]),
        ],
        forms: L.merged(L.newsForms, [
            "gpe": ["{Name}", "{Name} {w:gpeSuffix}"],
            "money": ["{num} million dollars", "{num} dollars", "{num} billion euros"],
        ]),
        lists: L.newsLists, connectors: L.newsConnectors, openers: L.newsOpeners, closers: L.newsClosers)

    static func absa(id: String, stands: String, domain: String, aspects: [String], distractors: [String],
                     extraOpinions: [String: [String]]) -> TaskSpec {
        var lists = L.merged(L.reviewLists, ["aspect": aspects, "aspectDistractor": distractors])
        for (polarity, words) in L.reviewOpinions { lists[polarity] = words + (extraOpinions[polarity] ?? []) }
        return TaskSpec(id: id, stands: stands, kind: .absa, domain: domain, entityTypes: ["aspect", "opinion"],
                        links: [Link("positive", "aspect", "opinion", []), Link("negative", "aspect", "opinion", []),
                                Link("neutral", "aspect", "opinion", [])],
                        absaPatterns: L.absaPatterns, lists: lists,
                        connectors: L.reviewConnectors, openers: L.reviewOpeners, closers: L.reviewClosers)
    }

    static let lap14 = absa(id: "14lap", stands: "14lap", domain: "laptop reviews",
        aspects: ["battery", "battery life", "screen", "keyboard", "trackpad", "price", "speakers", "fan", "charger", "hard drive", "graphics card", "customer service", "warranty", "touchpad", "operating system", "startup time"],
        distractors: ["box", "manual", "sticker", "case", "bag"],
        extraOpinions: ["positive": ["light", "sleek", "responsive", "quick"], "negative": ["loud", "heavy", "laggy", "buggy"], "neutral": ["adequate"]])

    static let res14 = absa(id: "14res", stands: "14res", domain: "restaurant reviews (2014)",
        aspects: ["food", "service", "staff", "pizza", "sushi", "waiter", "menu", "prices", "wine list", "dessert", "atmosphere", "portions", "bread"],
        distractors: ["check", "table", "reservation", "napkins"],
        extraOpinions: ["positive": ["tasty", "attentive", "generous"], "negative": ["soggy", "tiny", "stale"], "neutral": ["simple"]])

    static let res15 = absa(id: "15res", stands: "15res", domain: "restaurant reviews (2015)",
        aspects: ["food", "service", "ambience", "drinks", "pasta", "steak", "bartender", "decor", "music", "wine", "appetizers", "seating"],
        distractors: ["bill", "parking", "coat", "umbrella"],
        extraOpinions: ["positive": ["charming", "romantic", "crisp"], "negative": ["cramped", "salty", "overcooked"], "neutral": ["plain"]])

    static let res16 = absa(id: "16res", stands: "16res", domain: "restaurant reviews (2016)",
        aspects: ["food", "service", "brunch", "coffee", "burger", "fries", "manager", "location", "prices", "salad", "tacos", "hostess", "cocktails"],
        distractors: ["line", "sign", "menu board", "receipt"],
        extraOpinions: ["positive": ["juicy", "welcoming", "reasonable"], "negative": ["dry", "dirty", "watery"], "neutral": ["normal"]])
}

extension TaskSpec {
    /// The same spec with extra mention forms (distractor types used by openers and closers).
    func withForms(_ extra: [String: [String]]) -> TaskSpec {
        TaskSpec(id: id, stands: stands, kind: kind, domain: domain, entityTypes: entityTypes, links: links, frames: frames,
                 absaPatterns: absaPatterns, forms: forms.merging(extra) { _, new in new }, lists: lists,
                 connectors: connectors, openers: openers, closers: closers, firstStrategy: firstStrategy)
    }
}
