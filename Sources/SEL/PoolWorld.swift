// The backbone's pretraining world (chapter 3): a broad stand-in for the distantly supervised
// corpus a real UIE model is pretrained on. It holds 30 entity categories, 26 relation types,
// 18 event types and 8 review domains, each with its own cue words and sentence patterns, none
// of them the benchmark's. A pretraining task is *sampled* for every example (PoolSampler): a
// few categories, a name for each drawn from its synonyms, absent labels added to the prompt
// and present ones sometimes removed, so the model must read the schema prompt to know what to
// write. General types such as person, organization and location keep their usual names, as
// they do in any real pretraining corpus; relation, event and role names are the world's own, and
// none begins with the first word of a benchmark label (a decoder that has written "transfer" a
// thousand times in pretraining would finish the benchmark's "transfer money" its own way).

/// An entity category of the world: the names a schema may call it by (the first is the
/// canonical one) and the mention forms its generator fills.
struct WorldCategory: Sendable {
    let key: String
    let names: [String]
    let forms: [String]
    init(_ key: String, _ names: [String], _ forms: [String]) { (self.key, self.names, self.forms) = (key, names, forms) }
}

/// A relation type: its names, head and tail categories (keys) and the clauses that express it.
struct WorldRelation: Sendable {
    let names: [String]
    let head: String, tail: String
    let phrases: [String]
    init(_ names: [String], _ head: String, _ tail: String, _ phrases: [String]) {
        (self.names, self.head, self.tail, self.phrases) = (names, head, tail, phrases)
    }
}

/// An event type: its names, trigger words, roles (role → category keys) and clause patterns.
struct WorldEvent: Sendable {
    let names: [String]
    let triggers: [String]
    let roles: [String: String]
    let patterns: [String]
    init(_ names: [String], triggers: [String], roles: [String: String], patterns: [String]) {
        (self.names, self.triggers, self.roles, self.patterns) = (names, triggers, roles, patterns)
    }
}

enum PoolWorld {
    static let categories: [WorldCategory] = [
        WorldCategory("person", ["person", "human", "individual"], ["{Name} {Name}", "{w:honorific} {Name}", "{Name}"]),
        WorldCategory("athlete", ["athlete", "player", "sportsperson"], ["{w:position} {Name}", "{Name} {Name}"]),
        WorldCategory("artist", ["artist", "musician", "singer"], ["singer {Name}", "{Name} {Name}", "pianist {Name}"]),
        WorldCategory("writer", ["writer", "author", "novelist"], ["novelist {Name}", "{Name} {Name}", "poet {Name}"]),
        WorldCategory("chef", ["chef", "cook"], ["chef {Name}", "cook {Name} {Name}"]),
        WorldCategory("scientist", ["scientist", "researcher"], ["biologist {Name}", "chemist {Name} {Name}", "astronomer {Name}"]),
        WorldCategory("organization", ["organization", "organisation", "group"], ["{Name} {w:orgWord}", "the {Name} {w:orgWord}"]),
        WorldCategory("company", ["company", "firm", "business"], ["{Name} {w:coSuffix}", "{Name} {Name} {w:coSuffix}"]),
        WorldCategory("team", ["team", "club", "squad"], ["{Name} {w:teamSuffix}", "the {Name} {w:teamSuffix}"]),
        WorldCategory("band", ["band", "ensemble"], ["the {Name} {w:bandWord}", "{Name} {w:bandWord}"]),
        WorldCategory("school", ["school", "university", "academy"], ["{Name} {w:schoolWord}", "the {Name} {w:schoolWord}"]),
        WorldCategory("studio", ["studio", "production company"], ["{Name} Pictures", "{Name} Studios", "{Name} Films"]),
        WorldCategory("location", ["location", "place", "natural feature"], ["the {Name} {w:natural}", "{Name} {w:natural}"]),
        WorldCategory("city", ["city", "town", "settlement"], ["{Name}", "{Name} {w:townWord}"]),
        WorldCategory("country", ["country", "nation", "state"], ["{w:realm} of {Name}", "{Name}"]),
        WorldCategory("venue", ["venue", "arena", "hall"], ["{Name} {w:venueWord}", "the {Name} {w:venueWord}"]),
        WorldCategory("film", ["film", "movie", "picture"], ["{Name} {w:filmNoun}", "The {Name} {w:filmNoun}"]),
        WorldCategory("book", ["book", "novel", "publication"], ["{Name} {w:bookNoun}", "The {Name} {w:bookNoun}"]),
        WorldCategory("song", ["song", "track", "single"], ["{Name} {w:songNoun}", "the {Name} {w:songNoun}"]),
        WorldCategory("product", ["product", "device", "gadget"], ["{Name} {w:gadget}", "the {Name} {w:gadget} {num}"]),
        WorldCategory("software", ["software", "application", "program"], ["{Name} {w:softwareNoun}", "{Name} {Name} {w:softwareNoun}"]),
        WorldCategory("drug", ["drug", "medicine", "medication"], ["{Name} {w:dose}", "{Name}"]),
        WorldCategory("disease", ["disease", "illness", "condition"], ["{Name} {w:diseaseNoun}", "{w:diseaseAdj} {w:diseaseNoun}"]),
        WorldCategory("symptom", ["symptom", "complaint"], ["{w:symptom}", "{w:severity} {w:symptom}"]),
        WorldCategory("dish", ["dish", "food", "meal"], ["{w:dish}", "{Name} {w:dish}"]),
        WorldCategory("animal", ["animal", "species", "creature"], ["{w:animal}", "{Name} {w:animal}"]),
        WorldCategory("award", ["award", "prize", "honour"], ["the {Name} {w:awardWord}", "{Name} {w:awardWord}"]),
        WorldCategory("language", ["language", "tongue"], ["{w:language}"]),
        WorldCategory("date", ["date", "time"], ["{w:month} {year}", "in {year}", "{w:weekday}"]),
        WorldCategory("money", ["money", "amount", "sum"], ["{num} {w:currency}", "{num} million {w:currency}"]),
        WorldCategory("count", ["count", "number"], ["{num} {w:countNoun}"]),
        WorldCategory("body part", ["body part"], ["{w:bodyPart}"]),
        WorldCategory("exchange", ["exchange", "market"], ["the {Name} exchange", "{Name} Bourse"]),
        WorldCategory("score", ["score", "result"], ["{num} - {num}"]),
    ]

    static let lists: [String: [String]] = [
        "honorific": ["Mr", "Mrs", "Ms", "Sir", "Lady", "Uncle", "Aunt", "Nurse", "Pastor", "Duke"],
        "position": ["striker", "goalkeeper", "captain", "coach", "forward", "pitcher", "defender", "sprinter"],
        "orgWord": ["Society", "League", "Association", "Trust", "Cooperative", "Guild", "Alliance", "Network", "Collective", "Federation"],
        "coSuffix": ["Inc", "Ltd", "Industries", "Partners", "Capital", "Logistics", "Pharma", "Energy", "Motors", "Foods", "Media", "Robotics"],
        "teamSuffix": ["Rangers", "Falcons", "Tigers", "Sharks", "Comets", "Giants", "Wolves", "Hornets", "Owls", "Bisons"],
        "bandWord": ["Brothers", "Quartet", "Ensemble", "Orchestra", "Choir", "Trio"],
        "schoolWord": ["Academy", "College", "School", "Conservatory", "Polytechnic"],
        "natural": ["Hills", "Canyon", "Glacier", "Marsh", "Plateau", "Gorge", "Reef", "Fjord", "Dunes", "Meadow"],
        "townWord": ["Town", "Village", "Springs", "Falls", "Junction", "Creek", "Crossing"],
        "realm": ["Commonwealth", "Principality", "Duchy", "Federation", "Sultanate"],
        "venueWord": ["Arena", "Park", "Field", "Dome", "Coliseum", "Ground", "Hall", "Pavilion"],
        "filmNoun": ["Rising", "Returns", "Night", "Road", "Legacy", "Chronicles", "Odyssey", "Horizon"],
        "bookNoun": ["Diaries", "Tales", "Letters", "Saga", "Almanac", "Memoirs", "Notebook"],
        "songNoun": ["Blues", "Waltz", "Anthem", "Lullaby", "Serenade", "Ballad"],
        "gadget": ["watch", "speaker", "console", "headset", "scooter", "blender", "kettle", "lamp"],
        "softwareNoun": ["Toolkit", "Library", "Compiler", "Shell", "Editor", "Database", "Suite"],
        "dose": ["tablets", "syrup", "injection", "capsules", "drops"],
        "diseaseNoun": ["syndrome", "disease", "fever", "infection", "disorder"],
        "diseaseAdj": ["chronic", "viral", "acute", "bacterial", "hereditary"],
        "symptom": ["headache", "cough", "rash", "fatigue", "nausea", "dizziness", "chills"],
        "severity": ["mild", "severe", "persistent"],
        "dish": ["stew", "risotto", "dumplings", "curry", "pie", "noodles", "omelette", "soup", "pancakes"],
        "animal": ["fox", "heron", "otter", "lynx", "badger", "falcon", "beetle", "salmon", "moose"],
        "awardWord": ["Medal", "Trophy", "Plaque", "Honour", "Laurel", "Fellowship"],
        "language": ["Esperanto", "Latin", "Welsh", "Basque", "Gaelic", "Icelandic", "Maltese", "Frisian"],
        "month": ["January", "March", "April", "June", "July", "September", "October", "December"],
        "weekday": ["on Wednesday", "on Thursday", "on Saturday", "last month", "this spring", "next winter"],
        "currency": ["pesos", "crowns", "credits", "coins", "francs", "rupees"],
        "countNoun": ["workers", "employees", "staff", "volunteers", "members"],
        "bodyPart": ["knee", "ankle", "shoulder", "hamstring", "wrist", "elbow"],
    ]

    static let relations: [WorldRelation] = [
        WorldRelation(["employer", "employed by", "works at"], "person", "company",
                      ["{H} earns a salary from {T}", "{H} joined the payroll of {T}", "{T} employs {H}", "{H} , an engineer at {T} ,"]),
        WorldRelation(["founded by", "founder", "creator"], "company", "person",
                      ["{H} was set up by {T}", "{T} launched {H} in {year}", "{H} , started by {T} ,"]),
        WorldRelation(["head office", "based at", "headquarters"], "company", "city",
                      ["{H} keeps its head office in {T}", "{H} operates out of {T}", "{H} , whose base is {T} ,"]),
        WorldRelation(["member of", "belongs to", "membership"], "person", "organization",
                      ["{H} belongs to {T}", "{H} holds a card from {T}", "{H} , a longtime member of {T} ,"]),
        WorldRelation(["plays for", "team member"], "athlete", "team",
                      ["{H} wears the shirt of {T}", "{H} lined up for {T}", "{T} fielded {H}"]),
        WorldRelation(["home ground", "stadium of"], "team", "venue",
                      ["{H} host their games at {T}", "{H} sold out {T}", "{T} , home of {H} ,"]),
        WorldRelation(["cast member", "acted in", "stars"], "artist", "film",
                      ["{H} had a role in {T}", "{H} appears in {T}", "{T} features {H}"]),
        WorldRelation(["made by", "produced by"], "film", "studio",
                      ["{H} came out of {T}", "{T} financed {H}", "{H} , a {T} production ,"]),
        WorldRelation(["author of", "wrote", "writer of"], "writer", "book",
                      ["{H} penned {T}", "{T} , a novel by {H} ,", "{H} published {T} in {year}"]),
        WorldRelation(["performed by", "sung by", "recorded by"], "song", "band",
                      ["{H} was recorded by {T}", "{T} covered {H}", "{H} , the hit by {T} ,"]),
        WorldRelation(["studied at", "alumnus of", "educated at"], "person", "school",
                      ["{H} graduated from {T}", "{H} studied at {T}", "{H} , a former pupil of {T} ,"]),
        WorldRelation(["award received", "won", "winner of"], "scientist", "award",
                      ["{H} was honoured with {T}", "{H} collected {T}", "{T} went to {H}"]),
        WorldRelation(["treats", "cures", "therapy for"], "drug", "disease",
                      ["{H} relieves {T}", "{H} is prescribed against {T}", "{T} responds to {H}"]),
        WorldRelation(["symptom of", "sign of"], "symptom", "disease",
                      ["{H} is typical of {T}", "{H} often comes with {T}", "{T} brings {H}"]),
        WorldRelation(["spouse", "married to", "partner of"], "person", "person",
                      ["{H} and her husband {T}", "{H} wed {T}", "{H} and his wife {T}"]),
        WorldRelation(["sibling", "twin of"], "person", "person",
                      ["{H} and her twin {T}", "{H} grew up alongside {T}", "{H} shares parents with {T}"]),
        WorldRelation(["parent of", "raised"], "person", "person",
                      ["{H} raised {T}", "{T} , the heir of {H} ,", "{H} adopted {T}"]),
        WorldRelation(["situated in", "lies in", "within"], "city", "country",
                      ["{H} lies within {T}", "{H} is a district of {T}", "{H} , on the edge of {T} ,"]),
        WorldRelation(["crosses", "runs through"], "location", "country",
                      ["{H} stretches across {T}", "{H} dominates the north of {T}", "{T} is famous for {H}"]),
        WorldRelation(["owns", "parent company", "owner of"], "company", "company",
                      ["{H} controls {T}", "{T} , owned by {H} ,", "{H} took over {T}"]),
        WorldRelation(["manufacturer", "maker of", "produces"], "company", "product",
                      ["{H} manufactures {T}", "{T} , made by {H} ,", "{H} ships {T}"]),
        WorldRelation(["speaks", "language spoken"], "person", "language",
                      ["{H} speaks {T}", "{H} lectures in {T}", "{H} is fluent in {T}"]),
        WorldRelation(["developer", "developed by", "maintained by"], "software", "company",
                      ["{T} maintains {H}", "{H} , developed at {T} ,", "{H} was coded by {T}"]),
        WorldRelation(["signature dish", "cooks"], "chef", "dish",
                      ["{H} serves {T}", "{H} is famous for {T}", "{T} by {H}"]),
        WorldRelation(["habitat", "lives in"], "animal", "location",
                      ["{H} roams {T}", "{H} nests in {T}", "{T} shelters {H}"]),
        WorldRelation(["discovered", "first described"], "scientist", "animal",
                      ["{H} first described {T}", "{H} catalogued {T}", "{T} , named by {H} ,"]),
        // Connections no schema labels: in a relation task they add entities only.
        WorldRelation([], "person", "person", ["{H} greeted {T}", "{H} phoned {T}", "{H} argued with {T}"]),
        WorldRelation([], "person", "city", ["{H} visited {T}", "{H} toured {T}"]),
        WorldRelation([], "company", "company", ["{H} competes with {T}", "{H} partnered with {T}"]),
        WorldRelation([], "artist", "venue", ["{H} sang at {T}", "{H} rehearsed at {T}"]),
        WorldRelation([], "writer", "city", ["{H} spent a summer in {T}", "{H} wrote about {T}"]),
    ]

    static let events: [WorldEvent] = [
        WorldEvent(["marriage", "wedding"], triggers: ["wed", "married", "tied the knot with"],
                   roles: ["spouse": "person", "place": "city", "date": "date"],
                   patterns: ["{R:spouse} {TRIG} {R:spouse} in {R:place}", "{R:spouse} {TRIG} {R:spouse} {R:date}"]),
        WorldEvent(["graduation", "degree"], triggers: ["graduated", "earned a degree", "completed studies"],
                   roles: ["student": "person", "school": "school", "date": "date"],
                   patterns: ["{R:student} {TRIG} from {R:school} {R:date}", "{R:student} {TRIG} at {R:school}"]),
        WorldEvent(["acquisition", "takeover"], triggers: ["acquired", "bought", "absorbed"],
                   roles: ["buyer": "company", "acquiree": "company", "price": "money"],
                   patterns: ["{R:buyer} {TRIG} {R:acquiree} for {R:price}", "{R:buyer} {TRIG} {R:acquiree}"]),
        WorldEvent(["layoff", "job cuts"], triggers: ["laid off", "cut", "shed"],
                   roles: ["employer": "company", "headcount": "count"],
                   patterns: ["{R:employer} {TRIG} {R:headcount}", "{R:headcount} were {TRIG} at {R:employer}"]),
        WorldEvent(["listing", "public offering"], triggers: ["listed", "went public", "debuted"],
                   roles: ["issuer": "company", "exchange": "exchange", "price": "money"],
                   patterns: ["{R:issuer} {TRIG} on {R:exchange}", "{R:issuer} {TRIG} at {R:price}"]),
        WorldEvent(["victory", "win"], triggers: ["beat", "defeated", "thrashed", "edged"],
                   roles: ["winner": "team", "loser": "team", "venue": "venue", "score": "score"],
                   patterns: ["{R:winner} {TRIG} {R:loser} {R:score}", "{R:winner} {TRIG} {R:loser} at {R:venue}"]),
        WorldEvent(["signing", "player move"], triggers: ["joined", "signed for", "switched to"],
                   roles: ["player": "athlete", "new team": "team", "fee": "money"],
                   patterns: ["{R:player} {TRIG} {R:new team}", "{R:player} {TRIG} {R:new team} for {R:fee}"]),
        WorldEvent(["sports injury", "strain"], triggers: ["strained", "twisted", "sprained", "tore"],
                   roles: ["player": "athlete", "body part": "body part"],
                   patterns: ["{R:player} {TRIG} his {R:body part}", "{R:player} {TRIG} a {R:body part} {w:weekday}"]),
        WorldEvent(["release", "launch", "premiere"], triggers: ["released", "launched", "unveiled", "premiered"],
                   roles: ["creation": "product|film|software|song", "maker": "company|studio|band", "date": "date"],
                   patterns: ["{R:maker} {TRIG} {R:creation} {R:date}", "{R:creation} was {TRIG} by {R:maker}"]),
        WorldEvent(["concert", "performance"], triggers: ["performed", "headlined", "played a gig"],
                   roles: ["performer": "band|artist", "venue": "venue", "date": "date"],
                   patterns: ["{R:performer} {TRIG} at {R:venue} {R:date}", "{R:performer} {TRIG} at {R:venue}"]),
        WorldEvent(["outbreak", "epidemic"], triggers: ["spread", "broke out", "surged"],
                   roles: ["illness": "disease", "place": "city", "date": "date"],
                   patterns: ["{R:illness} {TRIG} in {R:place} {R:date}", "{R:illness} {TRIG} across {R:place}"]),
        WorldEvent(["diagnosis", "medical finding"], triggers: ["diagnosed", "screened"],
                   roles: ["patient": "person", "illness": "disease", "clinic": "school|organization"],
                   patterns: ["{R:patient} was {TRIG} with {R:illness}", "{R:clinic} {TRIG} {R:patient} with {R:illness}"]),
        WorldEvent(["prize ceremony", "honouring"], triggers: ["honoured", "decorated", "celebrated"],
                   roles: ["honoree": "scientist|writer|artist", "prize": "award", "date": "date"],
                   patterns: ["{R:honoree} was {TRIG} with {R:prize} {R:date}", "{R:prize} {TRIG} {R:honoree}"]),
        WorldEvent(["storm", "natural disaster"], triggers: ["flooded", "battered", "swept"],
                   roles: ["place": "city|country", "date": "date"],
                   patterns: ["a storm {TRIG} {R:place} {R:date}", "heavy rain {TRIG} {R:place}"]),
        WorldEvent(["lawsuit", "legal action"], triggers: ["sued", "took to court", "filed against"],
                   roles: ["plaintiff": "company|person", "defendant": "company", "claim": "money"],
                   patterns: ["{R:plaintiff} {TRIG} {R:defendant} for {R:claim}", "{R:plaintiff} {TRIG} {R:defendant}"]),
        WorldEvent(["recall", "product recall"], triggers: ["recalled", "withdrew", "pulled"],
                   roles: ["maker": "company", "item": "product|drug", "count": "count"],
                   patterns: ["{R:maker} {TRIG} {R:item}", "{R:maker} {TRIG} {R:item} after complaints"]),
        WorldEvent(["relocation", "emigration"], triggers: ["relocated", "emigrated", "settled"],
                   roles: ["mover": "person|writer|artist", "new home": "city|country", "date": "date"],
                   patterns: ["{R:mover} {TRIG} to {R:new home} {R:date}", "{R:mover} {TRIG} in {R:new home}"]),
        WorldEvent(["opening", "inauguration"], triggers: ["inaugurated", "opened", "christened"],
                   roles: ["builder": "company|organization", "site": "venue|school", "date": "date"],
                   patterns: ["{R:builder} {TRIG} {R:site} {R:date}", "{R:site} was {TRIG} by {R:builder}"]),
    ]

    /// Review domains: aspects and words that look like aspects but carry no opinion.
    static let reviewDomains: [(aspects: [String], distractors: [String])] = [
        (["room", "bed", "staff", "breakfast", "pool", "view", "bathroom", "wifi", "lobby", "check-in"], ["elevator", "key", "towel"]),
        (["camera", "display", "battery", "apps", "charging", "design", "storage", "signal", "speaker"], ["cable", "box", "sim"]),
        (["engine", "seats", "brakes", "mileage", "dashboard", "steering", "trunk", "paint"], ["keys", "mats", "manual"]),
        (["plot", "acting", "soundtrack", "ending", "effects", "script", "cast", "pacing"], ["popcorn", "trailer", "ticket"]),
        (["story", "characters", "writing", "cover", "chapters", "translation", "dialogue"], ["bookmark", "shelf", "library"]),
        (["graphics", "controls", "levels", "multiplayer", "music", "servers", "loading"], ["disc", "controller", "save"]),
        (["sound", "bass", "cushions", "noise cancelling", "fit", "microphone"], ["pouch", "cord", "charger"]),
        (["flight", "crew", "legroom", "meals", "boarding", "luggage", "seats"], ["gate", "runway", "passport"]),
    ]

    static let opinions: [String: [String]] = [
        "positive": ["great", "excellent", "lovely", "wonderful", "smooth", "pleasant", "spotless", "gorgeous", "brilliant", "solid", "sharp", "roomy"],
        "negative": ["terrible", "awful", "broken", "dreadful", "shabby", "sluggish", "cramped", "filthy", "useless", "blurry", "weak", "clunky"],
        "neutral": ["okay", "average", "so-so", "passable", "middling", "unremarkable"],
    ]

    static let absaPatterns = [
        "the {A:1} felt {O:1}", "{O:1} {A:1} overall", "the {A:1} seemed {O:1} to me", "my {A:1} turned out {O:1}",
        "{O:1} {A:1} , {O:2} {A:2}", "the {A:1} is {O:1} while the {A:2} is {O:2}", "i thought the {A:1} was {O:1}",
        "apart from the {w:aspectDistractor} , the {A:1} was {O:1}", "{A:1} : {O:1}", "really {O:0} experience",
        "the {A:1} could not be more {O:1}",
    ]

    static let connectors = [", and", "; meanwhile ,", ", while", ", after which", "; also ,", ". Then ,"]
    static let openers = ["reportedly ,", "{w:weekday} ,", "as locals tell it ,", "in other news ,"]
    static let closers = [", locals say", "{w:weekday}", ", the bulletin said", "as expected"]
    static let reviewConnectors = [", and", ", but", ";", ", though"]
    static let reviewOpeners = ["frankly ,", "all in all ,", "after a week ,"]
    static let reviewClosers = ["!", ", five stars", ", never again", "for sure"]

    static let categoryByKey = Dictionary(uniqueKeysWithValues: categories.map { ($0.key, $0) })
    static let forms = Dictionary(uniqueKeysWithValues: categories.map { ($0.key, $0.forms) })
    static let labelledRelations = relations.filter { !$0.names.isEmpty }
    static let unlabelledRelations = relations.filter { $0.names.isEmpty }

    /// Every label name of the world: category, relation, event and role names.
    static var labelNames: [String] {
        categories.flatMap(\.names) + relations.flatMap(\.names) + events.flatMap { $0.names + $0.roles.keys }
    }

    /// Every piece of text the world can put in a sentence or a schema (for the vocabulary).
    static var allTexts: [String] {
        var texts = categories.flatMap { $0.names + $0.forms } + lists.values.flatMap { $0 }
        texts += relations.flatMap { $0.names + $0.phrases }
        texts += events.flatMap { $0.names + $0.triggers + $0.patterns + $0.roles.keys }
        texts += reviewDomains.flatMap { $0.aspects + $0.distractors } + opinions.values.flatMap { $0 }
        texts += absaPatterns + connectors + openers + closers + reviewConnectors + reviewOpeners + reviewClosers
        return texts
    }
}
