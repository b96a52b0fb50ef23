// The seven entity and relation tasks of the benchmark (chapter 3). Label names are the ones
// UIE's converters give the real datasets (ACE's GPE becomes "geographical social political");
// where a real schema is larger, a documented subset is used.

enum EntityRelationTasks {
    typealias L = SharedLexicon

    static let ace04 = TaskSpec(
        id: "ace04", stands: "ACE04", kind: .entity, domain: "newswire politics",
        entityTypes: ["person", "organization", "location", "geographical social political", "facility", "vehicle", "weapon"],
        links: [
            Link(nil, "person", "organization", ["{H} , a member of {T} ,", "{H} resigned from {T}", "{H} leads {T}", "{H} criticized {T}"]),
            Link(nil, "person", "geographical social political", ["{H} returned to {T}", "{H} was elected in {T}", "{H} toured {T}"]),
            Link(nil, "organization", "geographical social political", ["{H} opened an office in {T}", "{H} is banned in {T}"]),
            Link(nil, "person", "facility", ["{H} arrived at {T}", "{H} was held at {T}", "{H} spoke outside {T}"]),
            Link(nil, "person|organization", "vehicle|weapon", ["{H} bought a {T}", "{H} deployed a {T}", "{H} seized a {T}"]),
            Link(nil, "geographical social political", "location", ["troops from {H} crossed {T}", "{H} claims {T}"]),
            Link(nil, "person", "person", ["{H} met {T}", "{H} thanked {T}", "{H} replaced {T}"]),
        ],
        forms: L.newsForms, lists: L.newsLists,
        connectors: L.newsConnectors, openers: L.newsOpeners, closers: L.newsClosers + [", said {X:product} makers"])

    static let ace05Ent = TaskSpec(
        id: "ace05-ent", stands: "ACE05-Ent", kind: .entity, domain: "broadcast news and conversation",
        entityTypes: ["person", "organization", "location", "geographical social political", "facility", "vehicle", "weapon"],
        links: [
            Link(nil, "person", "organization", ["{H} , who works at {T} ,", "you know , {H} from {T}", "{H} talked to {T}"]),
            Link(nil, "person", "geographical social political", ["{H} lives in {T}", "{H} flew to {T}", "{H} called from {T}"]),
            Link(nil, "vehicle", "facility", ["a {H} landed at {T}", "the {H} left {T}"]),
            Link(nil, "person", "weapon", ["{H} fired a {T}", "{H} was carrying a {T}", "{H} dropped the {T}"]),
            Link(nil, "geographical social political", "location", ["{H} borders {T}", "people in {H} watched {T} flood"]),
            Link(nil, "organization", "facility", ["{H} built {T}", "{H} closed {T}"]),
            Link(nil, "person", "person", ["{H} told {T}", "{H} interviewed {T}"]),
        ],
        forms: L.newsForms, lists: L.newsLists,
        connectors: L.newsConnectors + ["and then", "so"], openers: ["well ,", "right now ,", "tonight ,", "we are told that"] + L.newsOpeners,
        closers: L.newsClosers + [", we are hearing", "live on {X:organization} tonight"])

    static let conll03 = TaskSpec(
        id: "conll03", stands: "CoNLL03", kind: .entity, domain: "Reuters news: sport and markets",
        entityTypes: ["person", "organization", "location", "miscellaneous"],
        links: [
            Link(nil, "person", "organization", ["{H} signed for {T}", "{H} scored twice for {T}", "{H} , chairman of {T} ,"]),
            Link(nil, "organization", "organization", ["{H} beat {T} {num} - {num}", "{H} drew with {T}", "{H} shares rose against {T}"]),
            Link(nil, "person", "miscellaneous", ["{H} won the {T}", "{H} , the {T} champion ,", "{H} withdrew from the {T}"]),
            Link(nil, "organization", "location", ["{H} is based in {T}", "{H} played in {T}", "{H} fans in {T}"]),
            Link(nil, "miscellaneous", "location", ["the {H} was held in {T}", "{H} investors in {T}"]),
            Link(nil, "person", "location", ["{H} flew home to {T}", "{H} , born in {T} ,"]),
        ],
        forms: L.merged(L.newsForms, [
            "location": ["{Name}", "{Name} {w:placeSuffix}", "{Name} {w:gpeSuffix}"],
            "miscellaneous": ["{Name} {w:eventName}", "{w:nationality}", "{w:nationality} {w:eventName}"],
            "organization": ["{Name} {w:orgSuffix}", "{Name} {w:club}", "{Name}"],
        ]),
        lists: L.merged(L.newsLists, ["club": ["United", "Rovers", "City", "Athletic", "Wanderers", "FC"]]),
        connectors: L.newsConnectors, openers: ["{w:when} ,", "soccer -", "markets -", "results :"],
        closers: [", {w:source} {w:said}", "{w:when}", "at halftime", "in early trading"], firstStrategy: true)

    static let conll04 = TaskSpec(
        id: "conll04", stands: "CoNLL04", kind: .relation, domain: "news stories about people and organizations",
        entityTypes: ["people", "organization", "location", "other"],
        links: [
            Link("work for", "people", "organization", ["{H} , a spokesman for {T} ,", "{H} works for {T}", "{H} , an executive at {T} ,"]),
            Link("kill", "people", "people", ["{H} shot {T}", "{H} assassinated {T}", "{H} killed {T}"]),
            Link("organization in", "organization", "location", ["{H} , based in {T} ,", "{H} of {T}", "{H} headquarters in {T}"]),
            Link("live in", "people", "location", ["{H} lives in {T}", "{H} , a resident of {T} ,", "{H} of {T}"]),
            Link("located in", "location", "location", ["{H} , in {T} ,", "{H} near {T}", "{H} , a town in {T} ,"]),
            Link(nil, "people", "people", ["{H} met {T}", "{H} praised {T}"]),
            Link(nil, "people", "other", ["{H} received the {T}", "{H} wrote {T}"]),
        ],
        forms: L.merged(L.newsForms, [
            "people": ["{Name} {Name}", "{w:title} {Name}", "{Name}"],
            "location": ["{Name}", "{Name} {w:gpeSuffix}", "{Name} {w:placeSuffix}"],
            "other": ["{Name} Prize", "{Name} Award", "{w:nationality}", "{Name} Report"],
        ]),
        lists: L.newsLists, connectors: L.newsConnectors, openers: L.newsOpeners, closers: L.newsClosers)

    static let ace05Rel = TaskSpec(
        id: "ace05-rel", stands: "ACE05-Rel", kind: .relation, domain: "broadcast news",
        entityTypes: ["person", "organization", "location", "geographical social political", "facility", "vehicle", "weapon"],
        links: [
            Link("part whole", "location|facility", "geographical social political", ["{H} , in {T} ,", "{H} of {T}", "{H} in northern {T}"]),
            Link("physical", "person", "facility|location|geographical social political", ["{H} arrived in {T}", "{H} was seen at {T}", "{H} stayed in {T}"]),
            Link("personal social", "person", "person", ["{H} and his brother {T}", "{H} , a friend of {T} ,", "{H} married {T}"]),
            Link("general affiliation", "person", "geographical social political", ["{H} , a citizen of {T} ,", "{H} , a native of {T} ,"]),
            Link("organization affiliation", "person", "organization", ["{H} , a soldier with {T} ,", "{H} heads {T}", "{H} joined {T}"]),
            Link("agent artifact", "person|organization", "vehicle|weapon", ["{H} owned a {T}", "{H} used a {T}", "{H} built a {T}"]),
            Link(nil, "person", "person", ["{H} debated {T}", "{H} criticized {T}"]),
        ],
        forms: L.newsForms, lists: L.newsLists,
        connectors: L.newsConnectors, openers: ["well ,", "tonight ,"] + L.newsOpeners, closers: L.newsClosers)

    static let scierc = TaskSpec(
        id: "scierc", stands: "SciERC", kind: .relation, domain: "computer science abstracts",
        entityTypes: ["method", "task", "metric", "material", "generic", "other scientific term"],
        links: [
            Link("used for", "method|material", "task|method", ["we apply {H} to {T}", "{H} is used for {T}", "{H} for {T}"]),
            Link("evaluate for", "metric|material", "method|task", ["{H} is used to evaluate {T}", "we measure {H} of {T}"]),
            Link("part of", "method|other scientific term", "method", ["{H} is a component of {T}", "{H} inside {T}"]),
            Link("feature of", "other scientific term", "material|method", ["{H} of {T}", "{H} found in {T}"]),
            Link("compare", "method", "method", ["{H} outperforms {T}", "{H} is compared with {T}"]),
            Link("conjunction", "method|task", "method|task", ["{H} and {T}", "{H} together with {T}"]),
            Link("hyponym of", "method|task", "generic", ["{H} is a kind of {T}", "{H} , a {T} ,"]),
            Link(nil, "method", "material", ["{H} was trained on {T}", "{H} reads {T}"]),
        ],
        forms: [
            "method": ["{Name} {w:methodNoun}", "{w:methodAdj} {w:methodNoun}", "{Name} {w:methodAdj} {w:methodNoun}"],
            "task": ["{w:taskNoun}", "{w:taskAdj} {w:taskNoun}"],
            "metric": ["{w:metric}", "{Name} score"],
            "material": ["{Name} {w:materialNoun}", "the {Name} {w:materialNoun}"],
            "generic": ["{w:generic}"],
            "other scientific term": ["{w:termAdj} {w:term}", "{w:term}"],
            "person": ["{w:title} {Name}", "{Name} {Name}"],
        ],
        lists: [
            "methodNoun": ["parser", "tagger", "network", "model", "algorithm", "classifier", "decoder", "encoder", "kernel", "grammar"],
            "methodAdj": ["neural", "statistical", "recurrent", "probabilistic", "discriminative", "generative", "hierarchical", "greedy"],
            "taskNoun": ["translation", "parsing", "segmentation", "summarization", "recognition", "retrieval", "alignment", "tagging"],
            "taskAdj": ["machine", "speech", "image", "dependency", "document", "cross-lingual", "unsupervised", "semantic"],
            "metric": ["accuracy", "precision", "recall", "F1", "perplexity", "BLEU", "error rate", "latency"],
            "materialNoun": ["corpus", "treebank", "dataset", "benchmark", "lexicon", "collection"],
            "generic": ["approach", "method", "system", "framework", "technique", "model"],
            "term": ["features", "embeddings", "constraints", "rules", "weights", "attention", "gradients", "priors", "templates"],
            "termAdj": ["lexical", "syntactic", "sparse", "latent", "local", "global", "contextual"],
            "title": ["Professor", "Dr"],
            "when": ["in this paper", "in our experiments", "recently", "in prior work"],
        ],
        connectors: [", and", ", while", "; moreover ,", ", whereas", ". In addition ,", "; however ,"],
        openers: ["in this paper ,", "we show that", "experiments show that", "{w:when} ,", "following {X:person} ,"],
        closers: ["in our experiments", ", as shown by {X:person}", "with good results", "at scale"])

    static let nyt = TaskSpec(
        id: "nyt", stands: "NYT", kind: .relation, domain: "New York Times news (distant supervision)",
        entityTypes: ["person", "location", "organization"],
        links: [
            Link("contains", "location", "location", ["{H} , including {T} ,", "{T} , {H}", "{T} in {H}"]),
            Link("place lived", "person", "location", ["{H} , who lives in {T} ,", "{H} of {T}", "{H} moved to {T}"]),
            Link("nationality", "person", "location", ["{H} , the {T} leader ,", "{T} leader {H}"]),
            Link("company", "person", "organization", ["{H} , chief executive of {T} ,", "{H} of {T}", "{H} , founder of {T}"]),
            Link("place of birth", "person", "location", ["{H} was born in {T}", "{H} , a {T} native ,"]),
            Link("neighborhood of", "location", "location", ["{H} in {T}", "{H} , a neighborhood of {T} ,"]),
            Link("children", "person", "person", ["{H} and his son {T}", "{H} , whose daughter {T}"]),
            Link("capital", "location", "location", ["{T} , the capital of {H} ,", "{T} , capital city of {H} ,"]),
            Link(nil, "person", "organization", ["{H} sued {T}", "{H} visited {T}"]),
        ],
        forms: L.merged(L.newsForms, ["location": ["{Name}", "{Name} {w:gpeSuffix}", "{Name} {w:placeSuffix}", "{Name} Heights"]]),
        lists: L.newsLists, connectors: L.newsConnectors, openers: L.newsOpeners, closers: L.newsClosers)
}
