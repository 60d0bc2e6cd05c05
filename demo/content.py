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
    "Renata Oduya": (
        "Renata Oduya reports on fisheries, food and the people who work the bay."
    ),
    "Helen Strand": (
        "Helen Strand writes about schools, trades and local government for the Ledger."
    ),
    "Tomás Ibarra": (
        "Tomás Ibarra edits the community pages and runs the Ledger’s reader events."
    ),
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
        "Port officials from around the world gathered in Rotterdam this week to tackle a "
        "question that matters to every harbor, including ours: how much it will cost to "
        "lift their quays, cranes and warehouses above the water that is steadily creeping "
        "toward them."
    ),
    word_changes=(
        ("Harbour authorities", "Harbor authorities"),
        ("smaller ports", "smaller harbors"),
        ("Smaller ports", "Smaller harbors"),
        ("harbour master", "harbor master"),
        ("centimetres", "centimeters"),
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
