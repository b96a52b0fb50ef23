// Word lists shared by several tasks of the benchmark (chapter 3). Domains overlap on purpose:
// news tasks share titles and place suffixes, review tasks share opinion words, so a prompt
// cannot tell tasks apart by vocabulary alone.

enum SharedLexicon {
    static let newsLists: [String: [String]] = [
        "title": ["President", "Minister", "Senator", "General", "Judge", "Professor", "Captain", "Mayor", "Governor", "Ambassador", "Sheriff", "Chancellor"],
        "orgSuffix": ["Corp", "Group", "Bank", "Party", "Council", "Agency", "Institute", "Union", "Airlines", "Ministry", "Holdings", "Foundation"],
        "placeSuffix": ["River", "Valley", "Mountains", "Lake", "Bay", "Coast", "Desert", "Island", "Peninsula", "Forest"],
        "gpeSuffix": ["City", "Province", "Republic", "State", "County", "Kingdom", "District", "Emirate"],
        "facilitySuffix": ["Airport", "Bridge", "Stadium", "Prison", "Hospital", "Base", "Tower", "Station", "Embassy", "Harbor"],
        "vehicle": ["tank", "helicopter", "truck", "jet", "ship", "submarine", "convoy", "bus", "ambulance", "drone"],
        "weapon": ["rifle", "missile", "grenade", "rocket", "mortar", "pistol", "bomb", "artillery", "shells", "explosives"],
        "when": ["on Monday", "on Tuesday", "on Friday", "last week", "this morning", "late on Sunday", "earlier this year", "in {year}"],
        "said": ["said", "told reporters", "announced", "confirmed", "reported", "claimed", "added"],
        "source": ["officials", "witnesses", "a spokesman", "state media", "the ministry", "local reporters", "analysts"],
        "nationality": ["Brovakian", "Zulettan", "Kervish", "Tamarese", "Olinian", "Pescaran", "Vordish", "Ambrish"],
        "eventName": ["Cup", "Open", "Games", "Championship", "Summit", "Festival", "Marathon", "Grand Prix"],
        "product": ["phone", "engine", "drone", "camera", "tablet", "satellite", "vaccine", "printer", "robot", "router"],
    ]

    static let newsForms: [String: [String]] = [
        "person": ["{Name} {Name}", "{w:title} {Name}", "{Name}", "{w:title} {Name} {Name}"],
        "organization": ["{Name} {w:orgSuffix}", "{Name} {Name} {w:orgSuffix}"],
        "location": ["{Name} {w:placeSuffix}", "the {Name} {w:placeSuffix}"],
        "geographical social political": ["{Name}", "{Name} {w:gpeSuffix}", "{w:gpeSuffix} of {Name}"],
        "facility": ["{Name} {w:facilitySuffix}"],
        "vehicle": ["{w:vehicle}", "{Name} {w:vehicle}"],
        "weapon": ["{w:weapon}", "{Name} {w:weapon}"],
        "product": ["{Name} {w:product}"],
        "nationality": ["{w:nationality}"],
        "competition": ["{Name} {w:eventName}"],
    ]

    static let newsConnectors = [", and", ", while", "; meanwhile ,", ", after", ", before", ". Later ,", ", but", "as"]
    static let newsOpeners = ["according to {w:source} ,", "{w:when} ,", "in a statement ,", "officials said that", "reports say"]
    static let newsClosers = [", {w:source} {w:said}", "{w:when}", ", according to {w:source}", ", {X:person} {w:said}"]

    static let reviewOpinions: [String: [String]] = [
        "positive": ["great", "excellent", "amazing", "delicious", "friendly", "fast", "good", "perfect", "fantastic", "impressive", "cozy", "fresh", "reliable", "bright", "superb"],
        "negative": ["terrible", "awful", "slow", "rude", "bland", "overpriced", "poor", "disappointing", "cold", "noisy", "dim", "faulty", "greasy", "flimsy", "horrible"],
        "neutral": ["okay", "average", "standard", "fine", "decent", "typical", "ordinary", "acceptable"],
    ]

    static let reviewConnectors = [", but", ", and", ";", ", although", ", yet", ". Also ,"]
    static let reviewOpeners = ["honestly ,", "overall ,", "to be fair ,", "i have to say", "as expected ,", "we went on a {w:day} and"]
    static let reviewClosers = ["!", ", would recommend", ", will come back", "for the price", ", sadly", "this time"]

    static let reviewLists: [String: [String]] = [
        "day": ["Monday", "Friday", "Saturday", "Sunday", "weekday", "holiday"],
    ]

    static let absaPatterns = [
        "the {A:1} is {O:1}", "the {A:1} was {O:1}", "{O:1} {A:1}", "the {A:1} was {O:1} and {O:1}",
        "{O:1} {A:1} and {O:2} {A:2}", "the {A:1} was {O:1} but the {A:2} was {O:2}", "i found the {A:1} {O:1}",
        "their {A:1} is really {O:1}", "we ordered the {w:aspectDistractor} and the {A:1} was {O:1}",
        "the {A:1} , though , was {O:1}", "it was {O:0}", "not a fan of the {w:aspectDistractor} , the {A:1} is {O:1}",
        "{A:1} {O:1} , {A:2} {O:2}", "the {A:1} was {O:1} , not {O:1}",
    ]

    static func merged(_ base: [String: [String]], _ extra: [String: [String]]) -> [String: [String]] {
        base.merging(extra) { _, new in new }
    }
}
