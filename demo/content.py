# Typographic quotes and dashes are deliberate: the demo must exercise non-ASCII text.
# ruff: noqa: RUF001
"""Article content of the demo site, as data.

Every outlet, person and story here is fictional. The templates in ``demo.build_site`` turn
these records into static pages; nothing in this module knows about HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Outlet:
    """A fictional publication and where it lives."""

    name: str
    origin: str
    tagline: str


@dataclass(frozen=True)
class Story:
    """One article as its newsroom wrote it, before any template touches it."""

    slug: str
    title: str
    dek: str
    authors: tuple[str, ...]
    published: str  # ISO 8601 with the newsroom's UTC offset
    section: str
    caption: str
    paragraphs: tuple[str, ...]
    modified: str | None = None
    tags: tuple[str, ...] = ()
    via: str | None = None  # outlet the story was syndicated from, if any
    free: bool = True


@dataclass(frozen=True)
class Syndication:
    """How a partner outlet edited a story it republished."""

    original_slug: str
    slug: str
    published: str
    section: str
    new_first_sentence: str
    word_changes: tuple[tuple[str, str], ...]
    dek: str


LEDGER = Outlet(
    name="Tidewater Ledger",
    origin="https://www.tidewaterledger.example",
    tagline="News from the lower bay",
)
COURIER = Outlet(
    name="The Meridian Courier",
    origin="https://news.meridiancourier.example",
    tagline="Independent reporting on the world, business, science and culture",
)
LOAM = Outlet(
    name="Lantern & Loam",
    origin="https://lanternandloam.example",
    tagline="Notes from a small garden and a cluttered workbench",
)
OUTLETS = (LEDGER, COURIER, LOAM)

# Outlets the Ledger reprints from. They are not part of the demo site, so their links dangle.
PARTNER_ORIGINS = {
    "Bayline Weekly": "https://www.baylineweekly.example",
    "Coastal Dispatch": "https://coastaldispatch.example",
    COURIER.name: COURIER.origin,
}

AUTHOR_BIOS = {
    "Marcus Delaney": (
        "Marcus Delaney has covered the waterfront for the Ledger since 2009 "
        "and still rides the first ferry of the day."
    ),
    "Renata Oduya": ("Renata Oduya reports on fisheries, food and the people who work the bay."),
    "Helen Strand": (
        "Helen Strand writes about schools, trades and local government for the Ledger."
    ),
    "Tomás Ibarra": ("Tomás Ibarra edits the community pages and runs the Ledger’s reader events."),
    "Zoë Kowalczyk": (
        "Zoë Kowalczyk writes about cities and infrastructure for The Meridian Courier."
    ),
}

LEDGER_CATEGORIES = {
    "waterfront": "Waterfront",
    "business": "Business",
    "community": "Community",
    "environment": "Environment",
}

COURIER_SECTIONS = {
    "world": "World",
    "business": "Business",
    "science": "Science",
    "culture": "Culture",
}

# A post the Ledger deleted; its sitemap still lists it, so crawlers meet a 404.
LEDGER_DELETED = Story(
    slug="marina-fuel-dock-closing-for-season",
    title="Marina fuel dock closing for the season",
    dek="Boaters have until Friday to top up.",
    authors=("Marcus Delaney",),
    published="2015-09-14T10:05:00-04:00",
    section="waterfront",
    caption="",
    paragraphs=(),
)

LEDGER_STORIES: tuple[Story, ...] = (
    Story(
        slug="ferry-terminal-renovation-delayed-by-pile-survey",
        title="Ferry terminal renovation delayed by pile survey",
        dek="Divers found more rot under the north slip than the engineers expected.",
        authors=("Marcus Delaney",),
        published="2014-03-12T08:40:00-04:00",
        section="waterfront",
        caption="Divers from the county marine unit inspect timber piles under the north slip.",
        tags=("ferry", "infrastructure"),
        paragraphs=(
            "The long-awaited renovation of the Front Street ferry terminal will start at "
            "least four months late after an underwater survey found that nearly a third of "
            "the timber piles beneath the north slip are softer than the original drawings "
            "assumed.",
            "County engineer Alma Fitch told the harbor commission on Tuesday night that the "
            "survey team pushed a steel probe into every pile it could reach. Forty-one of the "
            "one hundred and thirty piles gave way by more than an inch, which she called a "
            "clear sign of marine borers.",
            "The original plan replaced the waiting room, the ticket booth and the gangway "
            "while leaving the piles alone. Fitch now recommends driving new steel piles "
            "alongside the old ones before any work above the water begins, a change that "
            "adds roughly six hundred thousand dollars to the budget.",
            "Commissioners asked whether the slip is safe for the morning commuter run. Fitch "
            "said the load limits posted last autumn already account for the weakest piles "
            "and that the boats can keep running, although heavy freight trucks will be "
            "turned away until the new foundation is in place.",
            "Regular riders took the news calmly. Several said they had grown used to the "
            "drafty waiting room and would rather see the job done properly than quickly. "
            "The commission will vote on the revised budget at its April meeting, and "
            "construction could begin in late summer if the money is approved.",
        ),
    ),
    Story(
        slug="oyster-growers-report-strong-season-after-cold-winter",
        title="Oyster growers report strong season after cold winter",
        dek="A hard freeze kept disease down in the lower bay leases.",
        authors=("Renata Oduya",),
        published="2014-05-06T07:15:00-04:00",
        section="business",
        caption="Shucked oysters from a Miller Creek lease sorted by size on a culling table.",
        tags=("oysters", "aquaculture"),
        via="Bayline Weekly",
        paragraphs=(
            "Oyster farmers on the lower bay are calling this spring the best they have seen "
            "in a decade, and most of them credit the bitter January that kept boats tied up "
            "for almost three weeks.",
            "Cold water slows the parasites that usually thin out young oysters before they "
            "reach market size. Growers at the Miller Creek leases said their losses over the "
            "winter were under ten percent, compared with nearly a quarter in the two mild "
            "years before.",
            "Dottie Pruitt, who has farmed the same six acres with her brother since the "
            "nineties, said she sold her first spring harvest to restaurants in the city "
            "within two days. Buyers who used to haggle over price are now asking to reserve "
            "bags weeks ahead, she said.",
            "The good news comes with a caution from the state shellfish lab, which warns that "
            "a single warm summer can undo the gains. Lab staff are asking growers to keep "
            "logging water temperatures at their cages so the agency can spot trouble early.",
            "For now the mood at the landing is cheerful. Pruitt said she plans to hire two "
            "high school students for the summer, the first help she has been able to afford "
            "since her father retired from the water.",
        ),
    ),
    Story(
        slug="council-approves-boardwalk-lighting-plan",
        title="Council approves boardwalk lighting plan",
        dek="Amber fixtures are meant to protect nesting turtles on the south beach.",
        authors=("Marcus Delaney",),
        published="2014-07-21T18:20:00-04:00",
        section="community",
        caption="A test fixture glows amber at the south end of the boardwalk on Monday evening.",
        tags=("council", "boardwalk"),
        paragraphs=(
            "After two years of argument, the town council voted five to two on Monday to "
            "replace the glaring white lamps along the boardwalk with low amber fixtures that "
            "point down at the planks instead of out over the sand.",
            "Supporters said the change is mostly about sea turtles. Hatchlings crawl toward "
            "the brightest horizon, and volunteers with the beach patrol have counted dozens "
            "of them heading inland toward the arcade instead of toward the surf.",
            "Business owners on the boardwalk were split. The owner of the ice cream stand at "
            "Fourth Avenue said darker evenings would hurt sales, while the manager of the "
            "seafood shack next door said her customers liked the softer light during a test "
            "run last August.",
            "The project will cost about two hundred thousand dollars, most of it covered by a "
            "state coastal grant. Public works crews plan to swap the fixtures in sections "
            "during the autumn, starting at the south end where most of the nests are found.",
            "Councilman Eddie Varela, who voted against the plan, said he worried about "
            "safety after dark. The police chief told the council that the new lights meet "
            "the same brightness standard on the walking surface and that patrols will be "
            "adjusted if residents report problems.",
        ),
    ),
    Story(
        slug="fishermens-co-op-opens-processing-shed",
        title="Fishermen’s co-op opens its own processing shed",
        dek="Members can now fillet, pack and ice their catch without leaving the dock.",
        authors=("Helen Strand",),
        published="2014-09-03T09:00:00-04:00",
        section="business",
        caption="Co-op members stack insulated fish boxes inside the new shed on Pier Nine.",
        tags=("fishing", "co-op"),
        via="Coastal Dispatch",
        paragraphs=(
            "The Pier Nine Fishermen’s Cooperative opened a processing shed this week, "
            "ending a twenty-year habit of trucking the day’s catch two counties inland "
            "before it could be sold.",
            "The metal building holds a walk-in cooler, an ice machine, four stainless "
            "filleting tables and a small office where buyers can sign contracts. Members "
            "raised about half of the cost themselves and borrowed the rest from a "
            "farm-credit lender that recently began working with fishing families.",
            "Co-op president Gus Amundsen said the difference is measured in hours. Fish that "
            "used to spend a morning on a truck can now be packed and on its way to a "
            "restaurant before noon, which means a better price for the boat.",
            "The shed will also sell directly to the public on Saturday mornings, a first for "
            "the pier. Amundsen said the members argued about that idea for a long time "
            "because some feared it would upset the seafood markets in town.",
            "Six part-time jobs have been created so far. The co-op hopes to add a smoker for "
            "bluefish next year if the first season goes well, and it has asked the harbor "
            "master for permission to extend the loading platform.",
        ),
    ),
    Story(
        slug="library-launches-seed-exchange",
        title="Library launches a seed exchange in an old card catalog",
        dek="Borrow a packet in spring, bring back seeds in the fall.",
        authors=("Tomás Ibarra",),
        published="2014-11-18T12:30:00-05:00",
        section="community",
        caption="Librarian Nell Osgood sorts bean seeds into the drawers of the old card catalog.",
        tags=("library", "gardening"),
        paragraphs=(
            "The oak card catalog that sat unused in the basement of the Main Street library "
            "for fifteen years has a new job: it now holds more than two hundred varieties of "
            "vegetable, herb and flower seeds that anyone with a library card can take home.",
            "Librarian Nell Osgood came up with the idea after a patron asked whether the "
            "library could lend garden tools. Tools turned out to be a storage headache, she "
            "said, but seeds fit neatly into drawers labeled by plant family.",
            "The rules are simple. Gardeners take up to five packets in the spring and are "
            "asked, though not required, to return seeds saved from their best plants at the "
            "end of the season so the collection keeps growing.",
            "Local growers donated the first batch, including a pole bean that one family has "
            "planted on the same farm since before the Civil War. Osgood said that variety "
            "already has a waiting list.",
            "The library will hold free workshops on seed saving through the winter, led by "
            "volunteers from the county master gardener program. The first session, on "
            "drying and storing tomato seeds, is scheduled for the second Saturday in "
            "January.",
        ),
    ),
    Story(
        slug="volunteers-stencil-storm-drains",
        title="Volunteers stencil storm drains with a simple warning",
        dek="Painted fish remind residents that the drains run straight to the bay.",
        authors=("Helen Strand",),
        published="2015-01-09T14:10:00-05:00",
        section="environment",
        caption="A volunteer paints a blue fish stencil beside a storm drain on Harbor Road.",
        tags=("volunteers", "water quality"),
        paragraphs=(
            "Armed with cardboard stencils and cans of blue paint, about forty volunteers "
            "spent Saturday marking storm drains across the east side of town with a small "
            "fish and the words Drains to Bay.",
            "The project was organised by the Harbor Road Neighbors association with help "
            "from the public works department, which supplied the paint and a map of every "
            "drain in the district.",
            "Many residents do not realise that storm drains are not connected to the sewage "
            "plant, said organiser Carla Beaumont. Motor oil, grass clippings and pet waste "
            "poured into a drain on a side street can reach the water at the town beach "
            "within an hour of a heavy rain.",
            "The volunteers marked more than three hundred drains in five hours. Children "
            "from the elementary school held the stencils while adults handled the paint, and "
            "the group finished the afternoon with soup at the fire hall.",
            "Beaumont hopes to repeat the effort on the west side in the spring. She also "
            "plans to ask the town to add the warning to new drains automatically, which she "
            "said would cost almost nothing if done at the time of installation.",
        ),
    ),
    Story(
        slug="lighthouse-keepers-cottage-to-become-museum",
        title="Lighthouse keeper’s cottage to become a museum",
        dek="The historical society signed a fifty-year lease on the Point Judith building.",
        authors=("Renata Oduya",),
        published="2015-02-26T11:45:00-05:00",
        section="community",
        caption="The keeper’s cottage at the point, with the light tower rising behind it.",
        tags=("history", "museum"),
        paragraphs=(
            "The two-story cottage where generations of lighthouse keepers raised their "
            "families will open as a small museum next summer under a lease signed this "
            "week by the county historical society.",
            "The building has been empty since the light was automated in the 1980s. Its "
            "roof leaks, several windows are boarded, and a family of raccoons moved into "
            "the attic at some point, according to the society’s president, Harold Quinlan.",
            "Quinlan said volunteers have already collected logbooks, uniforms and a brass "
            "foghorn from descendants of the keepers. One granddaughter donated a quilt "
            "stitched from flour sacks during a winter when supply boats could not reach "
            "the point for six weeks.",
            "Repairs are expected to cost about three hundred thousand dollars. The society "
            "has raised a third of that and plans a series of lantern-lit walks along the "
            "point this spring to raise the rest.",
            "The lease requires the society to keep the grounds open to the public from dawn "
            "to dusk. The tower itself will stay closed because the stairs do not meet "
            "modern safety rules, but visitors will be able to stand in the keeper’s "
            "kitchen and look up at the beam.",
        ),
    ),
    Story(
        slug="harbor-dredging-permit-approved",
        title="State approves permit to dredge the inner harbor",
        dek="Silt has narrowed the channel so badly that some boats wait for high tide.",
        authors=("Marcus Delaney",),
        published="2015-04-14T16:00:00-04:00",
        section="waterfront",
        caption="A survey boat measures the depth of the inner harbor channel at low tide.",
        tags=("harbor", "dredging"),
        via="Coastal Dispatch",
        paragraphs=(
            "The state environmental agency has granted the town a permit to dredge the "
            "inner harbor for the first time in nineteen years, clearing the way for work "
            "to begin after the fish spawning season ends in October.",
            "Harbor master Joan Pelletier said the channel has lost nearly three feet of "
            "depth in places. Two of the larger charter boats can only leave their slips "
            "within two hours of high tide, which makes it hard for them to keep a regular "
            "schedule.",
            "The permit allows the removal of about forty thousand cubic yards of sediment. "
            "Most of it will be pumped onto the eroding beach north of the jetty, where "
            "tests showed the sand is clean enough to reuse.",
            "Some of the mud near the old fuel pier contains traces of oil and will have to "
            "be trucked to a licensed landfill. That portion accounts for a large share of "
            "the projected cost, Pelletier said.",
            "The town is still waiting on a federal grant that would cover most of the bill. "
            "If the grant falls through, the council may borrow the money and repay it "
            "through higher mooring fees, an idea that boat owners have already said they "
            "will oppose.",
        ),
    ),
    Story(
        slug="robotics-team-heads-to-nationals",
        title="High school robotics team heads to nationals",
        dek="A machine built from salvaged boat parts won the regional title.",
        authors=("Tomás Ibarra",),
        published="2015-06-02T13:25:00-04:00",
        section="community",
        caption="Team members adjust the gripper arm of their robot before the final round.",
        tags=("schools", "robotics"),
        paragraphs=(
            "A robot assembled partly from parts scavenged at the boatyard carried the Bay "
            "High School team to a regional championship last weekend and a place at the "
            "national finals in June.",
            "The team of eleven students built the machine over six weeks in a classroom that "
            "doubles as the wood shop. When the budget ran short, a local marina owner let "
            "them take pulleys, stainless cable and a small winch from a pile of salvage "
            "behind his workshop.",
            "Senior captain Priya Holloway said the winch turned out to be the key. It gave "
            "the robot a lifting arm that was slower than those of rival teams but far more "
            "reliable, and it never dropped a single load during the final round.",
            "The trip to nationals will cost about eight thousand dollars for travel and "
            "shipping. Parents have organised a car wash and a spaghetti dinner, and the "
            "booster club has pledged to match whatever the students raise.",
            "Coach Denise Arroyo said the real win was watching students who had never used "
            "a drill learn to design, fail and try again. Several of them now plan to study "
            "engineering, she said.",
        ),
    ),
    Story(
        slug="shipyard-launches-apprenticeship-program",
        title="Shipyard launches a paid apprenticeship program",
        dek="Twelve trainees will learn welding, pipefitting and wooden boat repair.",
        authors=("Helen Strand",),
        published="2015-08-19T10:30:00-04:00",
        section="business",
        caption="An apprentice practices a fillet weld under the eye of a senior welder.",
        tags=("jobs", "shipyard"),
        paragraphs=(
            "Creswell Marine, the last working shipyard on the lower bay, has hired its first "
            "class of paid apprentices in an attempt to replace a workforce that is steadily "
            "approaching retirement.",
            "Owner Beatrice Creswell said more than half of her welders and carpenters are "
            "over fifty-five. Every year she loses a few experienced hands, and every year it "
            "gets harder to find anyone who can repair a wooden hull.",
            "The apprentices, most of them in their early twenties, will spend three years "
            "rotating through the welding shop, the pipe shop and the boat shed. They earn an "
            "hourly wage from the first day and receive a raise after each module.",
            "The community college is supplying classroom instruction two evenings a week, "
            "and the state labor department is covering part of the wages through a "
            "workforce grant.",
            "Creswell said the yard received more than ninety applications for the twelve "
            "places. She hopes to take on a second class next year and has started talking "
            "with the high school about a summer program for younger students.",
        ),
    ),
    Story(
        slug="kelp-farm-pilot-gets-underway",
        title="Kelp farm pilot gets underway off Gull Island",
        dek="Two longlines seeded with sugar kelp will be harvested in spring.",
        authors=("Renata Oduya",),
        published="2015-10-07T08:50:00-04:00",
        section="environment",
        caption="Spools of string seeded with kelp spores wait to be wrapped around a longline.",
        tags=("kelp", "aquaculture"),
        via="Bayline Weekly",
        paragraphs=(
            "Two lobstermen and a marine biologist lowered the first kelp longlines into the "
            "water off Gull Island on Sunday, starting a pilot project that could give "
            "fishing families a winter crop.",
            "Sugar kelp grows during the cold months, when lobster fishing slows down. The "
            "seedlings arrive wound around spools of string, which are wrapped around ropes "
            "anchored a few feet below the surface and left to grow until April.",
            "Biologist Miriam Tanaka said kelp needs no feed or fertiliser and pulls nitrogen "
            "out of the water as it grows. The question is whether there is a market for it "
            "on this stretch of coast, where few restaurants have ever served seaweed.",
            "The lobstermen, brothers Caleb and Reuben Marsh, said they are willing to try "
            "anything that smooths out their income. Last winter they took jobs plowing "
            "snow for the town to get through until spring.",
            "If the harvest goes well, Tanaka plans to test the kelp as a fertiliser for "
            "potato farmers inland and as an ingredient for a local brewery that has asked "
            "for a sample.",
        ),
    ),
    Story(
        slug="bridge-toll-change-draws-complaints",
        title="Bridge toll change draws complaints from island residents",
        dek="The authority is ending the discount book that islanders have used since 1979.",
        authors=("Marcus Delaney",),
        published="2015-12-01T17:35:00-05:00",
        section="waterfront",
        caption="Cars queue at the toll plaza on the mainland side of the causeway bridge.",
        tags=("bridge", "tolls"),
        paragraphs=(
            "Residents of Cobb Island packed a public hearing on Monday to object to a plan "
            "by the bridge authority to scrap the paper discount books that have let "
            "islanders cross the causeway at a reduced rate for more than thirty-five years.",
            "The authority wants to move all drivers to electronic tags. Under the new "
            "system, island residents would still receive a discount, but only after "
            "registering online and paying a deposit on the tag.",
            "Several older residents said they do not use computers and worried they would be "
            "left paying the full fare. One woman brought a shoebox of used ticket stubs to "
            "show how often she crosses to reach her doctor and the grocery store.",
            "Authority spokesman Derek Salas said staff would set up a table at the island "
            "post office for three months to help people register in person. He added that "
            "printing the paper books has become expensive and that they are easy to "
            "counterfeit.",
            "The board is expected to vote in January. Island representatives said they will "
            "ask for a longer transition and for the deposit to be waived for residents "
            "over sixty-five.",
        ),
    ),
    Story(
        slug="winter-farmers-market-moves-indoors",
        title="Winter farmers market moves into the old cannery",
        dek="Twenty vendors will sell under one roof every Saturday until April.",
        authors=("Tomás Ibarra",),
        published="2016-01-20T09:40:00-05:00",
        section="community",
        caption="Shoppers browse winter squash and honey inside the old cannery building.",
        tags=("market", "food"),
        paragraphs=(
            "The farmers market that used to pack up at the first frost will keep going "
            "through the winter this year, thanks to the owners of the old cannery on Water "
            "Street who offered the ground floor free of charge.",
            "About twenty vendors signed up for the first indoor Saturday, selling root "
            "vegetables, eggs, cheese, bread, honey and knitted hats. Market manager Lou "
            "Petrakis said more than eight hundred people came through the doors in the "
            "first three hours.",
            "The cannery closed in 1974 and has been used mostly for storage since. Its "
            "brick walls and high windows make a bright space, although vendors near the "
            "loading door wore gloves all morning.",
            "Petrakis said the winter market helps farmers who have invested in greenhouses "
            "and cold storage but had nowhere to sell between November and May. Several "
            "growers said the extra income could decide whether they stay in business.",
            "The market runs from nine until one every Saturday through the end of April. "
            "A food truck serving chowder parks outside, and a local fiddle group has "
            "offered to play on the first Saturday of each month.",
        ),
    ),
    Story(
        slug="tide-gauge-shows-more-high-water-days",
        title="Tide gauge shows a steady rise in high-water days",
        dek="Minor flooding on the lowest streets now happens about twice a month.",
        authors=("Helen Strand",),
        published="2016-03-08T15:05:00-05:00",
        section="environment",
        caption="The town’s tide gauge, mounted on a piling beside the Coast Guard station.",
        tags=("flooding", "sea level"),
        paragraphs=(
            "Sixty years of readings from the tide gauge beside the Coast Guard station show "
            "that water now reaches the lowest streets downtown about two dozen times a "
            "year, up from only two or three times a year in the 1960s.",
            "The analysis was done by a retired physics teacher, Walter Ames, who spent the "
            "winter typing the old paper records into a spreadsheet. He shared the results "
            "with the town’s resilience committee last week.",
            "Most of the events are nuisance floods, with a few inches of salt water pooling "
            "on Dock Street and in the parking lot behind the post office. Ames said the "
            "trend matters because each extra inch of sea level makes those days more common.",
            "Committee chair Rosa Delgado said the numbers will help the town decide where to "
            "install one-way valves on storm drains, which stop the tide from pushing up "
            "through the grates.",
            "Ames has offered to keep the spreadsheet up to date and to teach a volunteer how "
            "to do it after him. He said he simply wanted people to see what the gauge has "
            "been quietly recording for decades.",
        ),
    ),
    Story(
        slug="front-street-bakery-celebrates-fifty-years",
        title="Front Street bakery celebrates fifty years of early mornings",
        dek="The Kowalski family still lights the oven at three o’clock.",
        authors=("Renata Oduya",),
        published="2016-05-17T06:55:00-04:00",
        section="business",
        caption="Trays of poppy seed rolls cool on racks in the back of the Front Street bakery.",
        tags=("bakery", "small business"),
        paragraphs=(
            "For fifty years, the lights in the back of the Front Street bakery have come on "
            "at three in the morning, and on Saturday the family that runs it threw open the "
            "doors for a party to mark the anniversary.",
            "Stanisław Kowalski opened the shop in 1966 with a secondhand oven and recipes "
            "from his mother in Kraków. His daughter Agnieszka took over in the nineties, and "
            "her son now handles the bread while she runs the counter.",
            "The menu has changed less than the town around it. Poppy seed rolls, rye loaves "
            "and jelly doughnuts still sell out most mornings, although a gluten-free "
            "cornbread added five years ago has built its own loyal following.",
            "Longtime customers lined up down the block for free slices of an anniversary "
            "cake shaped like the harbor lighthouse. Several brought photographs of birthday "
            "cakes the bakery had made for them decades ago.",
            "Agnieszka Kowalski said the hardest part of the job is the hours, not the work. "
            "She has no plans to retire, she said, but she has started teaching her "
            "granddaughter how to braid the holiday loaves.",
        ),
    ),
)

# The Courier story the Ledger republished (see LEDGER_SYNDICATION).
COURIER_PORT_STORY = Story(
    slug="port-cities-weigh-cost-of-raising-their-quays",
    title="Port cities weigh the cost of raising their quays",
    dek="Engineers say harbours built for the last century will need to be a metre higher.",
    authors=("Zoë Kowalczyk",),
    published="2016-06-13T07:30:00+02:00",
    modified="2016-06-13T15:10:00+02:00",
    section="world",
    caption="Cranes at a container terminal, where the quay sits barely above the spring tide.",
    tags=("ports", "climate adaptation", "infrastructure"),
    paragraphs=(
        "Harbour authorities from a dozen port cities met in Rotterdam this week to compare "
        "notes on a question none of them can avoid: how much it will cost to lift their "
        "quays, cranes and warehouses above the water that is steadily creeping toward them.",
        "Most of the world’s large container terminals were built between the 1960s and the "
        "1990s with a margin of a metre or two above the highest expected tide. Engineers "
        "at the meeting said that margin is shrinking faster than many port owners assumed "
        "when they drew up their long-term investment plans.",
        "Raising a quay is not as simple as pouring more concrete. Cranes run on rails that "
        "must stay perfectly level, storm drains need to be rebuilt, and the roads and rail "
        "lines behind the terminal have to rise with it so that trucks and trains can still "
        "reach the ships.",
        "Delegates from Antwerp described a pilot in which one berth was lifted by eighty "
        "centimetres while the rest of the terminal kept working. The job took two years "
        "and cost roughly four times as much per metre as building a new quay on open land.",
        "Smaller ports face a harder choice. A harbour master from the Baltic coast said his "
        "town could not afford to lift everything and was instead deciding which warehouses "
        "to protect with flood walls and which ones to move inland over the next thirty "
        "years.",
        "Insurers are watching closely. One underwriter at the meeting said premiums for "
        "low-lying terminals have already begun to climb, and that ports which can show a "
        "credible adaptation plan will find it easier to borrow money for new equipment.",
        "The delegates agreed to share construction costs and tide records through a common "
        "database, so that each city does not have to learn the same lessons alone. The "
        "first figures are expected to be published before the end of the year.",
        "Several ports also plan to repeat the survey of their quay heights every five years.",
    ),
)

# The Ledger's copy: a new first sentence, the short last paragraph dropped, a few words
# swapped. Its main text stays a near-duplicate of the Courier original.
LEDGER_SYNDICATION = Syndication(
    original_slug=COURIER_PORT_STORY.slug,
    slug="port-cities-weigh-cost-of-raising-quays",
    published="2016-06-14T09:15:00-04:00",
    section="waterfront",
    new_first_sentence=(
        "Harbor officials from a dozen port cities gathered in Rotterdam this week to compare "
        "notes on a question no port can avoid: how much it will cost to "
        "lift their quays, cranes and warehouses above the water that is steadily creeping "
        "toward them."
    ),
    word_changes=(
        ("Smaller ports", "Smaller harbors"),
        ("centimetres", "centimeters"),
        ("metre or two", "meter or two"),
    ),
    dek="What the world’s big ports are learning about sea level rise could matter here too.",
)


def syndicated_story(original: Story, edits: Syndication) -> Story:
    """Apply a partner's edits to ``original``: new opening sentence, last paragraph cut."""
    # The original's opening paragraph is a single sentence, so it is replaced whole.
    paragraphs = [edits.new_first_sentence, *original.paragraphs[1:-1]]
    for old, new in edits.word_changes:
        paragraphs = [text.replace(old, new) for text in paragraphs]
    return replace(
        original,
        slug=edits.slug,
        dek=edits.dek,
        published=edits.published,
        modified=None,
        section=edits.section,
        paragraphs=tuple(paragraphs),
        via=COURIER.name,
    )


COURIER_STORIES: tuple[Story, ...] = (
    Story(
        slug="amateur-astronomers-track-a-tumbling-satellite",
        title="Amateur astronomers help track a tumbling satellite",
        dek="Backyard observers timed its flashes more precisely than the operator could.",
        authors=("Hannah Okafor",),
        published="2014-10-02T19:00:00+01:00",
        section="science",
        caption="A long exposure shows the satellite as a dotted streak across the night sky.",
        tags=("space", "citizen science"),
        paragraphs=(
            "When a weather satellite lost contact with its ground station last month and "
            "began to spin slowly out of control, its operator turned for help to an "
            "unexpected group: hobbyists with telescopes, stopwatches and a great deal of "
            "patience.",
            "As the dead satellite rotates, its solar panels catch the sun and produce brief "
            "flashes that can be seen from the ground. By timing those flashes from dozens of "
            "gardens and rooftops, observers were able to work out how fast it is turning and "
            "around which axis.",
            "Retired surveyor Gwen Talbot, who coordinated the effort from a farmhouse in "
            "Shropshire, said more than sixty people submitted measurements in the first "
            "week. Some used expensive cameras, while others simply counted seconds on a "
            "kitchen timer and reported the results by email.",
            "The operator says the data will help it predict when the satellite will re-enter "
            "the atmosphere and whether any pieces are likely to survive. Its own radar "
            "tracking gives a good position but says little about the spin.",
            "Talbot hopes the project will encourage more people to look up. Anyone with "
            "clear skies and a little patience can contribute, she said, and the satellite is "
            "bright enough to see without a telescope on a dark night.",
        ),
    ),
    Story(
        slug="container-shipping-rates-slide-as-new-vessels-arrive",
        title="Container shipping rates slide as giant new vessels arrive",
        dek="Carriers ordered too many ships during the boom and now must fill them.",
        authors=("Daniel Achterberg",),
        published="2015-04-22T08:00:00+02:00",
        modified="2015-04-22T12:45:00+02:00",
        section="business",
        caption="One of the new eighteen-thousand-container ships is guided into port by tugs.",
        tags=("shipping", "trade"),
        free=False,
        paragraphs=(
            "The cost of sending a container from Shanghai to northern Europe has fallen by "
            "almost half since January, as a wave of enormous new ships ordered during the "
            "last boom enters service at a time when demand is barely growing.",
            "Each of the new vessels can carry around eighteen thousand standard containers, "
            "and more than twenty of them are due to be delivered this year. Carriers have "
            "responded by cutting prices to keep their holds full, squeezing margins across "
            "the industry.",
            "Freight analyst Ingrid Solberg said the situation resembles an airline filling "
            "seats at any price rather than flying empty. Smaller carriers without the money "
            "to buy mega-ships are most at risk, she said, and some may be forced to merge.",
            "Retailers are enjoying the lower costs, although few expect them to last. Several "
            "large importers have signed long contracts at today’s rates in the hope of "
            "locking in savings before the market turns.",
            "Ports are feeling the strain in a different way. The biggest ships need deeper "
            "berths and taller cranes, and terminals that cannot handle them risk losing "
            "traffic to rivals that invested earlier.",
        ),
    ),
    COURIER_PORT_STORY,
    Story(
        slug="small-town-orchestra-plays-to-a-packed-hangar",
        title="A small-town orchestra plays to a packed aircraft hangar",
        dek="Four hundred people turned up to hear Dvořák among the propeller planes.",
        authors=("Mateo Lindqvist",),
        published="2017-02-09T21:15:00+01:00",
        section="culture",
        caption="Musicians tune up beneath the wing of a restored transport plane.",
        tags=("music", "concerts"),
        paragraphs=(
            "The amateur orchestra of a small market town usually plays to a few dozen "
            "relatives in a school gym. On Saturday night it performed Dvořák’s New World "
            "symphony for four hundred people in a disused aircraft hangar, surrounded by "
            "vintage planes.",
            "The idea came from the orchestra’s second bassoonist, who volunteers at the "
            "aviation museum that now owns the hangar. He noticed that the curved steel roof "
            "gave his practice scales a surprisingly warm echo and persuaded the conductor to "
            "come and listen.",
            "Conductor Elspeth Naylor admitted she had doubts. The hangar is cold, the "
            "acoustics change depending on where the planes are parked, and one rehearsal was "
            "interrupted by a flock of pigeons that lives in the rafters.",
            "On the night, the audience sat on folding chairs and hay bales, wrapped in "
            "blankets provided by the museum. Children were allowed to climb into the cockpit "
            "of a restored biplane during the interval.",
            "The concert raised enough money to buy a new set of timpani, and the museum has "
            "invited the orchestra back in the summer. Naylor said several people had asked "
            "how to join, including two retired trumpet players.",
        ),
    ),
    Story(
        slug="sao-paulo-commuters-test-a-new-bus-corridor",
        title="São Paulo commuters test a new express bus corridor",
        dek="Dedicated lanes have cut some journeys by twenty minutes.",
        authors=("Luís Figueira",),
        published="2018-08-30T10:20:00-03:00",
        section="world",
        caption="Passengers board an express bus at a raised platform on the new corridor.",
        tags=("transport", "Brazil"),
        paragraphs=(
            "For years, commuters on one of São Paulo’s busiest eastern avenues have spent "
            "their mornings staring at brake lights. Since the city opened a dedicated bus "
            "corridor there in July, many of them say they reach work before their coffee "
            "goes cold.",
            "The corridor gives buses two central lanes separated from traffic by a low kerb. "
            "Passengers pay before boarding at raised platforms, so the doors open and close "
            "in seconds instead of minutes.",
            "City figures show average journey times along the route have dropped by about a "
            "fifth at peak hours. Nurse Cláudia Ramos, who travels from the far east of the "
            "city to a hospital downtown, said she now sees her children before they leave for "
            "school.",
            "Not everyone is pleased. Shop owners along the avenue complain that customers "
            "can no longer park outside, and some drivers say the remaining car lanes are more "
            "congested than ever.",
            "Transport officials plan to open three more corridors over the next two years. "
            "They argue that buses carry far more people per lane than cars, and that a city "
            "of this size cannot build its way out of traffic with wider roads alone.",
        ),
    ),
    Story(
        slug="beekeepers-log-an-early-spring",
        title="Beekeepers log an early spring across northern Europe",
        dek="Hive records kept for decades show colonies waking up two weeks sooner.",
        authors=("Priya Raman", "Hannah Okafor"),
        published="2019-03-14T09:45:00+01:00",
        modified="2019-03-15T11:00:00+01:00",
        section="science",
        caption="A beekeeper lifts a frame from a hive on a mild March morning.",
        tags=("bees", "climate", "citizen science"),
        paragraphs=(
            "Handwritten notebooks kept by amateur beekeepers over half a century are giving "
            "scientists an unusually detailed picture of how spring is shifting across "
            "northern Europe.",
            "Researchers at an agricultural institute in Denmark collected the diaries of "
            "more than three hundred beekeepers, some dating back to the 1960s. Most "
            "recorded the first day their bees carried pollen back to the hive, a reliable "
            "sign that the colony has become active again.",
            "On average, that date has moved about two weeks earlier since the 1970s. The "
            "shift is largest in coastal areas, where winters have become milder and wetter.",
            "Lead author Jens Mikkelsen said the notebooks fill a gap left by official "
            "records, which track temperature and rainfall but rarely follow insects. "
            "Beekeepers, he said, are meticulous by nature because a mistake can cost them a "
            "colony.",
            "The study also raises a concern. If bees emerge before the flowers they depend "
            "on, they can burn through their stores and starve. The team now wants to pair "
            "the hive records with botanical surveys to see whether plants and pollinators "
            "are keeping pace with each other.",
        ),
    ),
    Story(
        slug="restaurants-turn-parking-spaces-into-patios",
        title="Restaurants turn parking spaces into patios",
        dek="Cities rushed out permits for outdoor dining. Some want to keep them.",
        authors=("Daniel Achterberg", "Zoë Kowalczyk"),
        published="2020-05-27T14:00:00+02:00",
        section="business",
        caption="Wooden platforms with planters line a street where cars used to park.",
        tags=("restaurants", "cities"),
        paragraphs=(
            "Along a narrow street in the old town, six parking spaces have vanished in the "
            "space of a week. In their place stand wooden platforms, potted olive trees and "
            "small tables where diners sit a safe distance apart.",
            "City halls across Europe have fast-tracked permits that let restaurants and "
            "cafés spill onto the road. The rules were written in days rather than months, "
            "and many of them charge nothing for the space.",
            "Café owner Benedikt Haas said the extra tables are the only reason he has been "
            "able to call his staff back. Indoors he can seat barely a third of his usual "
            "customers under the current distancing rules.",
            "Not every resident is convinced. Some complain about noise late in the evening, "
            "and delivery drivers say they now struggle to find anywhere to stop.",
            "Urban planners are watching with interest. Several cities have already said "
            "they will review the experiment in the autumn, and a few councillors want the "
            "patios to become permanent, arguing that streets are more pleasant with fewer "
            "parked cars.",
        ),
    ),
    Story(
        slug="libraries-lend-out-telescopes",
        title="Libraries lend out telescopes, and the waiting lists grow",
        dek="A scheme that began with one donated instrument now spans forty branches.",
        authors=("Mateo Lindqvist",),
        published="2021-01-18T11:30:00+00:00",
        section="culture",
        caption="A library telescope in its padded carry case, with a laminated star chart.",
        tags=("libraries", "astronomy"),
        paragraphs=(
            "Borrowers at forty public libraries can now take home a telescope along with "
            "their novels, and in several branches the waiting list stretches past Easter.",
            "The scheme started three years ago when a retired engineer donated his own "
            "instrument to his local branch and offered to teach staff how to use it. Other "
            "libraries followed, helped by a grant from an astronomy charity.",
            "Each telescope comes in a padded case with a simple star chart, a red torch and "
            "a notebook in which borrowers write down what they saw. Librarian Fiona Gallagher "
            "said the notebooks have become a favourite read in their own right.",
            "Families have been the keenest borrowers during lockdown, when evenings at home "
            "felt longer than ever. One entry describes a child seeing the rings of Saturn and "
            "refusing to come indoors until midnight.",
            "The charity hopes to reach a hundred libraries within two years. Gallagher said "
            "the telescopes are surprisingly robust, and only one has needed repair, after a "
            "curious dog knocked it off a garden table.",
        ),
    ),
    Story(
        slug="alpine-village-votes-on-ski-lift-future",
        title="Alpine village votes on the future of its ski lift",
        dek="Snow is scarcer at low altitude, and the lift needs a costly overhaul.",
        authors=("Zoë Kowalczyk",),
        published="2021-09-06T16:40:00+02:00",
        modified="2021-09-07T08:05:00+02:00",
        section="world",
        caption="The village chairlift stands idle on a green slope in early September.",
        tags=("tourism", "Alps"),
        free=False,
        paragraphs=(
            "Residents of a small Alpine village will vote next month on whether to spend "
            "millions repairing the chairlift that built its economy, or to let it close and "
            "bet on summer hiking instead.",
            "The lift climbs from the village square to a ridge at about fifteen hundred "
            "metres. In the 1980s it ran for four months every winter. Last season it opened "
            "for just twenty-three days because there was not enough snow.",
            "The mayor, Reto Caflisch, said the lift operator needs to replace the cables and "
            "the drive station by 2023 or lose its safety certificate. The cost would fall "
            "largely on the municipality, which has about nine hundred inhabitants.",
            "Hotel owners are divided. Some fear that without skiing the village will empty "
            "out in winter, while others say their summer bookings have grown every year and "
            "now bring in more money than the snow season.",
            "A group of younger residents has proposed converting the lift for mountain "
            "bikes and walkers. Whatever the outcome, Caflisch said, the village would rather "
            "decide its own future than wait for the weather to decide it for them.",
        ),
    ),
    Story(
        slug="researchers-map-noise-under-a-busy-shipping-lane",
        title="Researchers map the noise beneath a busy shipping lane",
        dek="Underwater microphones reveal how loud a single tanker can be for whales.",
        authors=("Priya Raman",),
        published="2022-04-11T13:10:00+02:00",
        section="science",
        caption="A hydrophone mooring is lowered over the side of a research vessel.",
        tags=("oceans", "noise", "whales"),
        paragraphs=(
            "A year of recordings from underwater microphones moored beneath one of Europe’s "
            "busiest shipping lanes has produced the most detailed map yet of how noisy the "
            "sea has become.",
            "The team placed eight hydrophones on the seabed along the route and matched "
            "their recordings with the positions broadcast by passing ships. The loudest "
            "vessels could be heard more than forty kilometres away.",
            "Marine acoustician Sofie Vandenberg said a small number of ships produce most of "
            "the noise. Older vessels with worn propellers were often several times louder "
            "than newer ships of the same size.",
            "That matters for whales and dolphins, which use sound to find food and keep in "
            "touch with one another. During the loudest hours, the researchers estimate that "
            "the range over which a porpoise can hear its companions shrinks by more than "
            "half.",
            "The findings suggest a cheap fix. Slowing down by a few knots sharply reduces "
            "propeller noise, and the team has begun talks with port authorities about "
            "offering reduced fees to ships that slow down voluntarily.",
        ),
    ),
    Story(
        slug="regional-airline-trials-an-electric-aircraft",
        title="Regional airline trials an electric aircraft on island hops",
        dek="The nine-seat plane can fly about eighty kilometres on a charge.",
        authors=("Daniel Achterberg",),
        published="2022-11-29T07:50:00+01:00",
        section="business",
        caption="The battery-powered test aircraft on the apron of a small island airport.",
        tags=("aviation", "electric"),
        paragraphs=(
            "A regional airline that links a chain of northern islands has begun test flights "
            "with a nine-seat electric aircraft, hoping to cut fuel costs on routes where a "
            "full journey lasts barely a quarter of an hour.",
            "The plane can fly about eighty kilometres on a single charge, which is more than "
            "enough for the shortest hops in the network. Chargers have been installed at "
            "two island airstrips so that the aircraft can top up while passengers board.",
            "Chief pilot Maren Holt said the cabin is strikingly quiet, and the electric "
            "motors respond instantly. The main adjustment for crews has been learning to "
            "plan around battery temperature, which drops quickly in winter winds.",
            "The airline will carry only staff and cargo during the trial. Paying passengers "
            "could follow in two or three years if regulators are satisfied with the safety "
            "data.",
            "Islanders have mixed feelings. Many welcome quieter skies, but some worry that "
            "the smaller aircraft will mean fewer seats on the most popular flights during "
            "the summer tourist season.",
        ),
    ),
    Story(
        slug="flooded-river-towns-rebuild-with-raised-homes",
        title="Flooded river towns rebuild with homes on stilts",
        dek="Two years after the flood, owners are lifting houses rather than leaving.",
        authors=("Luís Figueira", "Zoë Kowalczyk"),
        published="2023-06-15T12:00:00+02:00",
        modified="2023-06-16T09:30:00+02:00",
        section="world",
        caption="A timber house sits on new concrete columns above its old flood line.",
        tags=("floods", "housing", "climate adaptation"),
        paragraphs=(
            "Two summers after a flash flood swept through a narrow river valley, the sound "
            "of hydraulic jacks has replaced the sound of pumps. Dozens of homeowners are "
            "lifting their houses onto concrete columns instead of moving away.",
            "The technique is common in coastal areas but new to the valley. Contractors "
            "separate a house from its foundation, raise it slowly over several days and "
            "then pour taller footings underneath, leaving space for water to pass.",
            "Regional authorities are covering up to seventy percent of the cost for homes "
            "in the worst affected streets. Builder Tobias Reuter said his firm has a waiting "
            "list of more than a year.",
            "For many families the decision was emotional. Retired teacher Hilde Brandt said "
            "her grandparents built the house, and she could not imagine selling it, even "
            "after the water reached the kitchen ceiling.",
            "Hydrologists say raised homes are only part of the answer. They are urging the "
            "region to restore meadows upstream that can soak up heavy rain, so that the "
            "next flood arrives more slowly and does less damage.",
        ),
    ),
    Story(
        slug="translated-novel-finds-readers-eight-decades-late",
        title="A translated novel finds readers eight decades late",
        dek="Written in 1941 and forgotten, it is now on bestseller lists in three countries.",
        authors=("Mateo Lindqvist",),
        published="2024-02-20T10:00:00+01:00",
        section="culture",
        caption="Copies of the newly translated novel stacked on a bookshop table.",
        tags=("books", "translation"),
        paragraphs=(
            "A novel written during the Second World War by a schoolteacher in a remote "
            "fishing town has become an unlikely bestseller, more than eighty years after "
            "its author put the manuscript in a drawer and never mentioned it again.",
            "The book follows three sisters who run a boarding house during a long, hungry "
            "winter. It was discovered by the author’s great-nephew when he cleared out her "
            "attic, typed on onion-skin paper and tied with kitchen string.",
            "Translator Amélie Rousseau said she was struck by how modern the voice sounded. "
            "The sisters argue about money, love and whether to leave town, and the humour "
            "survives even the darkest chapters.",
            "A small independent press published the first translation last spring with a "
            "print run of two thousand copies. It has since been reprinted eleven times, and "
            "film rights have been sold.",
            "Little is known about the author beyond her teaching records and a handful of "
            "letters. Her great-nephew said she would probably have been embarrassed by the "
            "attention, but also quietly pleased.",
        ),
    ),
    Story(
        slug="heat-resistant-wheat-passes-first-field-trial",
        title="Heat-resistant wheat passes its first field trial",
        dek="Plants bred from an old landrace kept their yield through a scorching July.",
        authors=("Priya Raman",),
        published="2024-09-03T15:20:00+02:00",
        section="science",
        caption="Test plots of wheat at an experimental farm shortly before harvest.",
        tags=("agriculture", "climate"),
        free=False,
        paragraphs=(
            "Wheat bred from a little-known variety once grown in dry mountain valleys kept "
            "most of its yield during a summer heatwave that cut harvests elsewhere by a "
            "quarter, according to the first field results from a breeding programme.",
            "Heat during flowering is one of the greatest threats to wheat, because it "
            "damages the pollen and leaves the ears half empty. The old landrace, preserved "
            "in a seed bank, appears to flower earlier in the morning, before the worst of "
            "the midday heat.",
            "Plant breeder Tomasz Wieczorek said the team crossed the landrace with a modern "
            "high-yielding variety and selected the offspring over eight generations. The "
            "best lines matched modern wheat in normal years and beat it in hot ones.",
            "The trial covered only four sites in a single season, and Wieczorek cautioned "
            "that more years of data are needed. Baking tests are also under way to check "
            "that the flour behaves as millers expect.",
            "If the results hold, farmers could be sowing the new wheat within about six "
            "years. The seed bank that kept the old variety alive says the project shows why "
            "forgotten crops are worth preserving.",
        ),
    ),
    Story(
        slug="repair-cafes-form-a-national-network",
        title="Repair cafés form a national network",
        dek="Volunteers who fix toasters and trousers want a say in how products are made.",
        authors=("Hannah Okafor",),
        published="2025-03-12T09:00:00+00:00",
        modified="2025-03-12T17:40:00+00:00",
        section="business",
        caption="A volunteer tests a repaired lamp at a monthly repair café in a church hall.",
        tags=("repair", "consumers"),
        paragraphs=(
            "More than three hundred volunteer repair cafés, where people bring broken lamps, "
            "kettles and jackets to be fixed for free, have joined together in a national "
            "network to share spare parts, training and data.",
            "The cafés usually meet once a month in church halls and community centres. "
            "Volunteers log every item they see, whether the repair worked and, if not, what "
            "stopped them.",
            "Network coordinator Rhiannon Price said those logs now cover more than sixty "
            "thousand repairs. The most common obstacle is not a lack of skill but glued "
            "casings and parts that manufacturers refuse to sell.",
            "The network plans to publish an annual report ranking product types by how "
            "easy they are to repair. Price hopes the figures will strengthen the case for "
            "laws that require spare parts to be available for several years.",
            "For regulars, the cafés are also social. Retired electrician Colin Marsh said he "
            "enjoys teaching teenagers to use a multimeter as much as he enjoys saving a "
            "radio from the tip.",
        ),
    ),
    Story(
        slug="fishing-fleet-trials-satellite-tags-to-cut-bycatch",
        title="Fishing fleet trials satellite tags to cut bycatch",
        dek="Skippers get a live map of where turtles and sharks are feeding.",
        authors=("Luís Figueira",),
        published="2025-10-21T11:15:00-03:00",
        section="world",
        caption="A crew member checks a longline aboard a tuna boat in the South Atlantic.",
        tags=("fishing", "oceans", "Brazil"),
        paragraphs=(
            "A fleet of tuna boats working out of the port of Itajaí has begun sharing the "
            "positions of satellite-tagged turtles and sharks, in an effort to avoid setting "
            "lines where the animals are feeding.",
            "Scientists attached small transmitters to more than a hundred animals over the "
            "past two years. Their movements are combined with sea temperature data to "
            "produce a daily map that skippers can download at sea.",
            "Captain Joaquim Serrano said he was sceptical at first. After a season of using "
            "the map, he said, his crew hooked far fewer turtles and lost less bait, which "
            "made the extra planning worth the trouble.",
            "Early figures from the programme suggest bycatch of loggerhead turtles has "
            "fallen by roughly a third on participating boats. The researchers caution that "
            "the sample is small and ocean conditions vary from year to year.",
            "The fleet’s association hopes the results will help it win a sustainability "
            "label that buyers in Europe increasingly demand. Other ports along the coast "
            "have asked to join next season.",
        ),
    ),
    Story(
        slug="night-sky-preserve-expands-across-three-valleys",
        title="Night-sky preserve expands across three valleys",
        dek="Villages swapped thousands of street lamps to protect their stars.",
        authors=("Hannah Okafor", "Priya Raman"),
        published="2026-11-24T18:30:00+01:00",
        section="science",
        caption="The Milky Way over a valley where villages have dimmed their street lights.",
        tags=("astronomy", "light pollution"),
        paragraphs=(
            "One of Europe’s largest dark-sky preserves has nearly doubled in size after "
            "villages in three neighbouring valleys agreed to replace their street lamps with "
            "dimmer, warmer fixtures that shine only downward.",
            "The preserve now covers about two thousand square kilometres. On a clear night, "
            "visitors can see the Milky Way stretch from horizon to horizon, something most "
            "city dwellers have never seen.",
            "Astronomer Katrin Vogel, who measured sky brightness before and after the "
            "change, said the improvement was visible within weeks. Her readings show the "
            "night sky above the largest village is now roughly three times darker.",
            "The switch also saves money. The new lamps use less electricity, and several "
            "villages now turn them off entirely between one and five in the morning, when "
            "the streets are empty.",
            "Guesthouses report growing interest from stargazers in the quiet months of "
            "late autumn. One farmer has converted a hay barn into a small observatory and "
            "runs evening tours for guests.",
        ),
    ),
    Story(
        slug="rail-freight-operator-orders-hydrogen-locomotives",
        title="Rail freight operator orders hydrogen locomotives",
        dek="The engines will haul timber on lines that were never electrified.",
        authors=("Daniel Achterberg",),
        published="2026-11-26T08:25:00+01:00",
        section="business",
        caption="A prototype hydrogen locomotive during trials on a rural branch line.",
        tags=("rail", "hydrogen", "freight"),
        paragraphs=(
            "A freight rail company that hauls timber from northern forests to coastal mills "
            "has ordered twelve hydrogen-powered locomotives, the largest such order in "
            "Europe so far.",
            "Much of the company’s network runs on branch lines that were never fitted with "
            "overhead wires. Until now, its only option on those routes has been diesel, "
            "which makes up most of its fuel bill and nearly all of its emissions.",
            "Chief executive Annika Lund said stringing wires along hundreds of kilometres "
            "of lightly used track would cost far more than the new engines. The hydrogen "
            "will come from an electrolyser beside a hydroelectric plant near the main depot.",
            "Critics point out that hydrogen is expensive to make and store, and that "
            "battery locomotives are improving quickly. Lund said the company chose hydrogen "
            "because its trains are heavy and its routes long.",
            "The first locomotives are due in 2028. The company will keep part of its diesel "
            "fleet in reserve for at least five years while crews and mechanics learn the "
            "new technology.",
        ),
    ),
)


def _post(slug: str, title: str, published: str, *paragraphs: str, author: str = "") -> Story:
    """A blog post: no dek, no caption, no section; the blog is only a date and some text."""
    return Story(
        slug=slug,
        title=title,
        dek="",
        authors=(author or "Ines Varga",),
        published=published,
        section="posts",
        caption="",
        paragraphs=paragraphs,
    )


LOAM_STORIES: tuple[Story, ...] = (
    _post(
        "saving-tomato-seeds-the-lazy-way",
        "Saving tomato seeds the lazy way",
        "2017-08-27T20:00:00+01:00",
        "Every gardening book I own describes saving tomato seeds as a delicate process "
        "involving jars, fermentation and careful rinsing. I have tried it that way and I "
        "have tried it my way, which is to squeeze the seeds onto a paper towel and forget "
        "about them.",
        "The paper towel method works surprisingly well. Once the seeds are dry, I fold the "
        "towel, write the variety on it in pencil and put it in an envelope in the drawer "
        "under the stairs, where it stays cool and dark until March.",
        "In spring I tear the towel into little squares, each with a seed or two stuck to "
        "it, and plant the squares directly in compost. The paper rots away and the "
        "seedlings never seem to mind.",
        "Germination has been close to perfect for the cherry tomatoes and a little patchier "
        "for the big beefsteak ones. I suspect that has more to do with my impatience than "
        "with the method.",
        "If you are a purist, by all means ferment. If you are tired and it is the end of "
        "August and the kitchen is full of fruit flies, the paper towel is your friend.",
    ),
    _post(
        "the-allotment-shed-roof-again",
        "The allotment shed roof, again",
        "2018-03-11T18:30:00+00:00",
        "The felt on the shed roof has given up for the third winter running. This time a "
        "gale peeled back a strip the size of a door and dropped it on my neighbour’s "
        "rhubarb, which he has been very gracious about.",
        "I spent Saturday on a stepladder with a borrowed staple gun, a roll of new felt and "
        "a flask of tea. The old felt came off in crumbly black sheets, and underneath the "
        "boards were better than I feared, apart from one soft corner.",
        "I cut out the soft bit, screwed in an offcut of plywood and painted everything "
        "with a wood preserver that smells like a railway sleeper. Then I waited an hour for "
        "it to dry and ate my sandwiches in the car.",
        "The new felt went on with generous overlaps and twice as many clout nails as the "
        "instructions suggested. I also added a timber batten along the windward edge, "
        "which is where the wind has got under the felt every single time.",
        "Total cost was about forty pounds. Ask me next March whether it worked.",
    ),
    _post(
        "a-winter-walk-along-the-old-canal",
        "A winter walk along the old canal",
        "2019-01-05T16:45:00+00:00",
        "On the first Saturday of the year we walked the length of the old canal from the "
        "lock cottage to the aqueduct, which is about seven miles if you include the detour "
        "round the collapsed towpath.",
        "The water was still and black, with a thin skin of ice near the banks. A heron "
        "stood on one leg beside the second lock for the whole time it took us to eat our "
        "lunch, and did not move when a narrowboat chugged past.",
        "Most of the canal has not carried cargo for eighty years, but the old mile markers "
        "are still there, half buried in brambles. Someone has repainted a few of them in "
        "cream and black, which made me absurdly happy.",
        "We turned back at the aqueduct as the light was going and reached the car with cold "
        "feet and muddy knees. The pub by the lock had a fire going, and we sat beside it "
        "until our socks steamed.",
        "I want to walk the other direction in the spring, towards the reservoir, and take "
        "a better map.",
    ),
    _post(
        "a-sourdough-starter-named-gerald",
        "A sourdough starter named Gerald",
        "2019-06-16T09:10:00+01:00",
        "Gerald arrived in a jam jar from a friend who was moving abroad and could not take "
        "him on the plane. She gave me a page of instructions in tiny handwriting and made "
        "me promise to feed him every day.",
        "The first week did not go well. Gerald sulked, separated into a grey liquid and a "
        "sticky paste, and smelled faintly of nail varnish. The internet assured me this was "
        "normal and that he was simply hungry.",
        "Things improved when I moved him off the cold windowsill and onto the shelf above "
        "the fridge. Within three days he was doubling in size after each feed and pushing "
        "the lid off the jar overnight.",
        "My first loaf was flat and dense enough to stop a door. The fourth one rose "
        "properly, with an open crumb and a crust that crackled as it cooled, and I ate half "
        "of it standing at the counter.",
        "Gerald now lives mostly in the fridge and gets fed on Fridays. He has outlived two "
        "houseplants and a goldfish, which says more about me than about him.",
    ),
    _post(
        "mending-a-cast-iron-pan",
        "Mending a cast-iron pan somebody left in the rain",
        "2020-04-02T12:00:00+01:00",
        "A neighbour put a rusty cast-iron frying pan out on the wall with a sign saying "
        "free to a good home. It had clearly spent a winter in the garden, and the rust had "
        "turned the cooking surface into something like coarse sandpaper.",
        "I scrubbed it with steel wool and warm water until my arms ached, then soaked it "
        "overnight in a bucket of water and vinegar. The next morning most of the rust "
        "wiped off with a cloth, revealing dull grey metal underneath.",
        "The important part is drying it immediately. I put the pan on the hob until every "
        "drop of water had evaporated, then rubbed a very thin layer of sunflower oil over "
        "every surface, including the handle and the underside.",
        "Seasoning means baking that oil into a hard coating, so the pan went upside down "
        "into a hot oven for an hour, and I repeated the whole oiling routine four times "
        "over the weekend.",
        "It now fries eggs without sticking, which my old non-stick pan stopped doing years "
        "ago. The neighbour has asked if she can borrow it.",
    ),
    _post(
        "notes-on-composting-with-worms",
        "Notes on composting with worms",
        "2021-05-23T19:20:00+01:00",
        "The wormery was a birthday present, and for the first month I treated it like a "
        "pet that might die at any moment. It turns out that tiger worms are far tougher "
        "than I am.",
        "The basic idea is a stack of trays. Worms live in the bottom tray, eating kitchen "
        "scraps, and as each tray fills you add another above it. The worms migrate upwards "
        "towards fresh food and leave behind dark, crumbly compost.",
        "The mistakes I made were all about moisture. Too many wet scraps turned the bottom "
        "tray into soup, and the fix was to add handfuls of shredded cardboard every time I "
        "added peelings.",
        "They do not like onion, citrus or anything cooked with much salt. They adore "
        "melon rind, coffee grounds and, bizarrely, the cardboard tubes from toilet rolls.",
        "After a year I have harvested about two buckets of compost, which went straight "
        "onto the tomatoes. Some further reading that helped me:",
    ),
    _post(
        "why-i-stopped-buying-new-plant-pots",
        "Why I stopped buying new plant pots",
        "2022-02-14T21:05:00+00:00",
        "At the back of the greenhouse there is a tower of black plastic pots that I have "
        "been adding to for ten years. Last month I counted them and found more than three "
        "hundred, most of which came with plants I bought from garden centres.",
        "So I have made a rule: no new pots. Seedlings now start life in old yoghurt pots, "
        "cardboard egg boxes and a set of terracotta pots rescued from a skip outside a "
        "house that was being cleared.",
        "The egg boxes work best for peas and sweet peas, which dislike having their roots "
        "disturbed. You can plant the whole cardboard cup and let it rot in the ground.",
        "The plastic tower is slowly shrinking as I give pots away on the allotment swap "
        "table. A woman from the other end of the site took forty in one go for her "
        "daughter’s school garden.",
        "None of this will save the planet, but it has saved me money, and I like knowing "
        "that the pots I do use have had a long and varied life.",
    ),
    _post(
        "fixing-a-bicycle-dynamo-light",
        "Fixing a bicycle dynamo light that flickers",
        "2023-10-08T17:40:00+01:00",
        "My bicycle has a hub dynamo, which means the front wheel powers the lights. It is "
        "wonderful right up until the light starts flickering on a dark lane and you realise "
        "you have no idea how any of it works.",
        "The problem turned out to be the return path. Older dynamo lights send current "
        "back through the frame, and a thin layer of corrosion where the lamp bracket bolts "
        "onto the fork was enough to interrupt it on every bump.",
        "I took the bracket off, cleaned both surfaces with fine sandpaper until they were "
        "shiny and put a dab of copper grease on the bolt. The flicker disappeared "
        "immediately, which felt like magic.",
        "While I was at it I replaced the connector at the hub with a new spade terminal, "
        "because the old one was held together mainly by insulating tape and hope.",
        "Total cost was nothing except an hour on the kitchen floor. These pages were more "
        "useful than any of the forums:",
    ),
    _post(
        "a-hedge-for-the-birds",
        "Planting a hedge for the birds",
        "2024-11-30T15:00:00+00:00",
        "We finally pulled out the rotten larch-lap fence along the bottom of the garden "
        "and replaced it with forty bare-root hedge plants, which cost less than a single "
        "new fence panel.",
        "The mix is mostly hawthorn and hazel, with a few dog roses, some field maple and "
        "two holly plants that will take years to do anything. The idea is to have flowers "
        "in spring, berries in autumn and thick cover for nesting birds all year round.",
        "Planting bare-root hedging is quick work if you dig a trench rather than forty "
        "separate holes. We soaked the roots in a bucket, laid them along the trench at an "
        "angle and firmed the soil with our heels.",
        "The whole hedge now looks like a row of sticks, which my partner describes as "
        "optimistic. Everyone who plants a hedge is told to cut it back hard after the "
        "first year so that it thickens at the base, and I intend to be brave about it.",
        "A pair of robins has already claimed the new stretch, mostly as a perch from which "
        "to watch me dig.",
        author="Jonah Prendergast",
    ),
    _post(
        "what-the-rain-gauge-told-me-this-year",
        "What the rain gauge told me this year",
        "2025-12-31T11:30:00+00:00",
        "For the fifth year running I have read the plastic rain gauge on the shed every "
        "morning and written the number in a notebook. This year the total came to just over "
        "eight hundred millimetres, slightly above my average.",
        "The total hides how strange the year felt. Almost nothing fell between late April "
        "and the middle of June, and the water butts ran dry for the first time. Then "
        "August brought three storms that each dropped more than forty millimetres in a day.",
        "That pattern of long dry spells broken by downpours is exactly what the climate "
        "scientists keep telling us to expect. Seeing it in my own handwriting made it feel "
        "more real than any chart.",
        "Practically, it means I need more water storage. I have ordered a second butt for "
        "the greenhouse and am plotting a way to catch the run-off from the shed roof that "
        "I mended a few winters ago.",
        "Happy new year to anyone still reading. The notebook for next year is already on the "
        "windowsill.",
    ),
)

# Plain lists of links at the foot of some posts, the only extra structure the blog has.
LOAM_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "notes-on-composting-with-worms": (
        ("A beginner’s guide to wormeries", "https://compostclub.example/wormeries"),
        ("What worms will and will not eat", "https://compostclub.example/worm-diet"),
    ),
    "fixing-a-bicycle-dynamo-light": (
        ("Dynamo wiring explained", "https://spokesandwires.example/dynamo-wiring"),
        ("Cleaning electrical contacts", "https://spokesandwires.example/contacts"),
    ),
}
