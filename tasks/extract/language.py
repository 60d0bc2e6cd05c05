"""The language an article is written in, read from its text: for the pages (about one
in twenty) that declare none in ``<html lang>``, JSON-LD or ``og:locale``.

Two steps, both cheap enough for the extraction path. First the writing system: the
letters are counted per Unicode script, and a script that serves one language names it
(Hangul is Korean, Greek is Greek; kana beside Chinese characters is Japanese). Where a
script serves many languages (Latin, Cyrillic, Arabic, Devanagari, Hebrew) the most
frequent function words decide: they carry grammar rather than topic, so any few
sentences of news prose are full of them. Letters a language never writes rule it out
(``ы`` is not Ukrainian, ``ے`` is not Persian, ``ə`` is not Turkish).

A wrong language is worse than none (a page's dates are read by its language), so the
answer is None when the text is short, when two languages come close, when the winner's
words are too few to be its own, or when the letters fit no listed language: a language
without a list here (Swahili, Basque, Icelandic, Azerbaijani...) gives None, not the
nearest listed one.

Norwegian: Bokmål is ``nb`` and Nynorsk ``nn``, not the macrolanguage ``no``, because
their function words differ and both are listed; a caller comparing with a page's
declared ``no`` should treat ``nb`` and ``nn`` as matching it. Serbian is ``sr`` in
either alphabet; Latin-script Serbian and Croatian share most words, so a text without
the (ek/ijekavian) words that part them gives None, and Bosnian reads as either or None.
"""

# The word lists are written in the scripts they describe: a Cyrillic or Greek letter
# that looks Latin is the letter meant there, not a look-alike slipped in.
# ruff: noqa: RUF001

from __future__ import annotations

import string
import unicodedata
from collections import Counter
from typing import NamedTuple

# ---------------------------------------------------------------------------- settings

# Only the start of a text is read: the language is settled long before, and the
# extraction path must not pay for a long article twice. A first look at the opening
# characters answers alone when its answer is plain (``FIRST_LOOK_BAR``), as it is for
# most articles; the whole sample is read only when it is not.
SAMPLE_CHARS = 4000
FIRST_LOOK_CHARS = 1200
# Fewer words (or letters, for a script that alone names its language) than this: None.
MIN_WORDS = 20
MIN_SCRIPT_LETTERS = 30
# The dominant script must hold this share of the (weighted) letters: a page half in
# one script and half in another is not guessed.
MIN_SCRIPT_SHARE = 0.6
# A Chinese character or a Hangul syllable says as much as a few Latin letters.
SCRIPT_WEIGHTS = {"han": 3.0, "hangul": 2.0, "kana": 2.0}
# Japanese writes kana between its Chinese characters; Chinese pages use ``の`` now and
# then: kana at or above the first share of CJK letters is Japanese, below the second
# Chinese, in between None.
JAPANESE_KANA_SHARE = 0.12
CHINESE_KANA_SHARE = 0.02
# Korean text may carry a few Chinese characters; Japanese never Hangul.
KOREAN_HANGUL_SHARE = 0.5
# Languages whose word count is within this share of the winner's are its rivals.
RIVAL_SHARE = 0.5


class Bar(NamedTuple):
    """What the winner's function words must show for it to be named: at least
    ``word_share`` of the text's words, and against each rival, at least
    ``margin_ratio`` times as many words of its own (that the rival does not list) as
    the rival has of its own, and ``min_lead`` more."""

    word_share: float
    margin_ratio: float
    min_lead: int


BAR = Bar(word_share=0.12, margin_ratio=2.0, min_lead=3)
FIRST_LOOK_BAR = Bar(word_share=0.2, margin_ratio=4.0, min_lead=12)
# Letters outside a language's alphabet beyond this share of the script's letters (and
# at least FOREIGN_MIN_LETTERS of them: a quoted name is not a language) rule it out.
FOREIGN_SHARE = 0.006
FOREIGN_MIN_LETTERS = 3
# The letters of a text beyond ASCII are counted on an evenly spread sample of at most
# this many characters: only the shares of scripts and letters matter.
LETTER_SAMPLE = 320

# --------------------------------------------------------------------------- scripts

# Code point ranges of the scripts told apart, each starting and ending on a boundary of
# 16 code points (Unicode blocks do), so that a table of 16-point chunks classifies a
# letter. Full-width forms are left out: in Chinese and Japanese text they are
# punctuation.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x02AF, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0780, 0x07BF, "thaana"),
    (0x08A0, 0x08FF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0A80, 0x0AFF, "gujarati"),
    (0x0B00, 0x0B7F, "oriya"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"),
    (0x0D00, 0x0D7F, "malayalam"),
    (0x0D80, 0x0DFF, "sinhala"),
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x1000, 0x109F, "myanmar"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x1780, 0x17FF, "khmer"),
    (0x1C90, 0x1CBF, "georgian"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x9FFF, "han"),
    (0xA960, 0xA97F, "hangul"),
    (0xAC00, 0xD7FF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFB10, 0xFB4F, "hebrew"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0xFF60, 0xFF9F, "kana"),
)
# Chinese characters outside the Basic Multilingual Plane (extensions B to H).
_ASTRAL_HAN = range(0x20000, 0x32000)
_CJK_SCRIPTS = frozenset({"han", "kana", "hangul"})

# Words are cut with byte and string methods, not a regular expression: at about 100 ns
# a character a pattern would cost more than all the rest. In UTF-8, ASCII punctuation
# and digits become spaces, and so do the lead bytes of Latin-1 signs (U+0080-00BF:
# « », no-break space), general punctuation (U+2000-2FFF: quotes, dashes), CJK punctuation
# and the compatibility forms; the continuation bytes they leave behind are dropped on
# decoding. Combining marks stay inside their words ("हिन्दी" is one word, not three).
_GAP_BYTES = (string.punctuation + string.digits).encode() + bytes((0xC2, 0xE2, 0xE3, 0xEF))
_SCRIPT_PUNCTUATION: dict[str, tuple[bytes, ...]] = {
    script: tuple(mark.encode() for mark in marks)
    for script, marks in {"arabic": "،؛؟۔", "devanagari": "।॥", "hebrew": "־׳״"}.items()
}
_ASCII_GAPS = str.maketrans(string.punctuation + string.digits, " " * 42)
_GAP_TABLE = bytes(0x20 if point in _GAP_BYTES else point for point in range(0x100))
_ASCII_BYTES = bytes(range(0x80))
_NOT_ASCII_LETTERS = bytes(point for point in range(0x100) if not 0x61 <= point <= 0x7A)
# ---------------------------------------------------------------------------- profiles


class _Profile(NamedTuple):
    """A language: its code, script, frequent function words (lower case, one string
    split on white space; none where the script alone decides) and its alphabet, the
    letters of the script it writes (None: all of them)."""

    code: str
    script: str
    words: str
    alphabet: str | None


def _latin(extra_letters: str) -> str:
    return "abcdefghijklmnopqrstuvwxyz" + extra_letters


def _block(first: int, last: int, without: str = "") -> str:
    return "".join(chr(point) for point in range(first, last + 1) if chr(point) not in without)


# Loanwords and names bring accents into English text: a café or a José must not rule
# English out.
_ENGLISH_EXTRA = "éèêëàâäçïîôöüûñáíóúåøæ"
_VIETNAMESE_EXTRA = "àáâãèéêìíòóôõùúýăđĩũơư" + _block(0x1EA0, 0x1EF9)
# Indonesian and Malay share most of their function words; the rest tell them apart.
_MALAY_SHARED = """yang dan di itu dengan untuk tidak ini dari dalam akan pada juga ke tersebut
        ada mereka lebih kata telah oleh sudah atau seperti hanya kami kita saya ia dia
        namun masih antara jika tahun menjadi dapat bagi sebagai belum secara sejak
        hingga tetapi agar lalu pun para serta sangat tak paling kepada ketika adalah"""
_CYRILLIC_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_HEBREW = _block(0x0591, 0x05EA)
_ARABIC_CORE = "ءآأؤإئابتثجحخدذرزسشصضطظعغفقلمنهوـ"

_PROFILES: tuple[_Profile, ...] = (
    # ------------------------------------------------------------------------ Latin
    _Profile(
        "en",
        "latin",
        """the of and to a in is that for it on was with as by he at from his are be this
        have has had not but or an they which were been their its will would who we you
        she her said after about more also than there when can all up out into over what
        some them only other could so if no our first most may while because those these
        then just new how before being did does do any such many where him us much""",
        _latin(_ENGLISH_EXTRA),
    ),
    _Profile(
        "de",
        "latin",
        """der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als
        auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem
        über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei
        hatte kann gegen vom können schon wenn habe seine ihre dann unter wir soll ich
        eines diese dieser wieder keine seiner worden will zwischen immer was sagte gibt
        alle diesem seit muss wurden denn doch jetzt ihr ihrer ihren seinen uns damit
        sowie ob weil beim hier sehr ab""",
        _latin("äöüßé"),
    ),
    _Profile(
        "fr",
        "latin",
        """de la le et les des en un du une que est pour qui dans par plus pas au sur ne
        se il sont ce avec son elle ont sa été ou mais aux cette on nous ses leur comme y
        fait être tout aussi lui où ces bien peut sans entre deux très même dont ans après
        depuis avait était avoir encore selon alors contre tous nos vous je leurs qu
        lors sous ainsi déjà chez cela elles ils fois notamment dit faire""",
        _latin("àâæçéèêëîïôœùûüÿ"),
    ),
    _Profile(
        "es",
        "latin",
        """de la que el en y a los del se las por un para con no una su al lo como más es
        pero sus le ya o fue este ha sí porque esta son entre está cuando muy sin sobre
        ser también me hasta hay donde han quien desde todo nos durante todos uno les ni
        contra otros fueron ese eso había ante ellos e esto antes algunos qué unos yo
        otro otras otra él tanto esa estos mucho quienes nada muchos cual sea poco ella
        estar haber estas estaba algunas algo según tras dijo años puede hace después""",
        _latin("áéíóúüñ"),
    ),
    _Profile(
        "pt",
        "latin",
        """de a o que e do da em um para é com não uma os no se na por mais as dos como
        mas foi ao ele das tem à seu sua ou ser quando muito há nos já está eu também só
        pelo pela até isso ela entre era depois sem mesmo aos ter seus quem nas me esse
        eles estão você tinha foram essa num nem suas meu às minha têm numa pelos elas
        havia seja qual será nós lhe deles essas esses pelas este fosse dele dela isto
        esta estes estas aquele aquela disse anos ainda sobre segundo pode são após""",
        _latin("áâãàçéêíóôõúü"),
    ),
    _Profile(
        "gl",
        "latin",
        """de a o que e do da en un para é con non unha os no se na por máis as dos como
        pero foi ao el das ten á seu súa ou ser cando moi xa está eu tamén só polo pola
        ata iso ela entre era despois sen mesmo aos ter seus quen nas me ese eles están
        tiña foron esa nin súas meu ás miña teñen nunha polos elas había sexa cal será
        nós lle deles esas eses polas este fose del dela isto esta estes estas aquel
        dixo anos aínda sobre segundo pode son tras coa co dun dunha""",
        _latin("áéíóúñü"),
    ),
    _Profile(
        "it",
        "latin",
        """di e il la che in a per un è del non una i con le si da al sono della lo come
        più anche dei ma gli ha alla nel se questo ci ne o delle hanno nella essere dal
        suo sua tra stato ed loro quando degli questa cui sia fatto sul solo dopo già dell
        all nell sull dall fra tutti può perché molto ancora aveva era erano su mentre
        anni senza secondo stata stati quello quella uno ogni due viene cosa ad tutto
        contro negli nei dalla sulla""",
        _latin("àèéìíîòóùú"),
    ),
    _Profile(
        "ca",
        "latin",
        """de la el i a que en les els per un una amb no es del al és com més dels seu hi
        ha però també o va ser sobre fins aquest aquesta ja entre quan on li pel
        tot són han molt tots perquè seva seus sense des després cap fa anys està fer
        aquests hem era això així ni ens jo ells mateix dins segons altres altre pels
        seves aquestes havia poden pot van""",
        _latin("àçéèíïòóúü"),
    ),
    _Profile(
        "ro",
        "latin",
        """de și si în a la cu care că pe nu este o un din mai se au pentru fi să sa sau
        ce ca fost sunt ar acest această lui le ale al fără dar către dacă după iar
        între asupra prin doar încă până unei unui cum acum foarte era avea fiind despre
        sale său noi ei el ea lor ani deja totuși când unde am ai cei cele""",
        _latin("ăâîșțşţ"),
    ),
    _Profile(
        "nl",
        "latin",
        """de en van het een in is dat op te zijn met voor niet die aan er ook als bij om
        maar door dan wordt nog werd naar tot of uit over heeft hij ze was wel kan al
        worden deze zich we ik geen hun haar veel meer nu na zo waar wat jaar tussen
        onder zou moet hebben heb had waren kunnen daar alleen omdat toen sinds volgens
        twee mijn jij je u hem ons zij dit andere tegen iets wie toch echter""",
        _latin("éèëïöüáóúç"),
    ),
    _Profile(
        "af",
        "latin",
        """die en van in is nie het te dat vir met op wat sy hy om as aan was word by
        ook hulle ons ek jy kan sal moet hom haar uit maar of deur toe nog na tot oor
        baie al meer geen net so wees daar hier wil gaan kom dit tussen volgens jaar
        twee nuwe wanneer omdat sodat mense ander eerste reeds""",
        _latin("êëéèîïôöûáó"),
    ),
    _Profile(
        "sv",
        "latin",
        """och i att det som en på är av för med till den har de inte om ett han men var
        sig så vid kan när från eller också efter ska mot bara hade blev vi än vara
        varit mycket skulle sedan dessa enligt många inom där vad nu här hur sina själv
        alla något någon jag hon man sin sitt dem deras år under två mellan utan genom
        över redan bland medan detta denna dock samt får kommer andra säger sa""",
        _latin("åäöé"),
    ),
    _Profile(
        "da",
        "latin",
        """og i at det er en til på som de med for af den ikke har et om var men han der
        fra vi kan også skal jeg sig blev efter vil så hun eller når havde ved nu over
        kun hvor mod ud op end man meget noget nogle nogen være været blive bliver dem
        deres sin sit sine mig dig os hvad hvis alle under mellem gennem siger sagde her
        da kommer to år første samt hos derfor uden dette disse""",
        _latin("æøåé"),
    ),
    _Profile(
        "nb",
        "latin",
        """og i det er på som en til å av for med at har den de ikke om et var men han
        fra vi kan også skal jeg seg ble etter vil så hun eller når hadde ved nå over
        bare hvor mot ut opp enn man mye noe noen være vært bli blir dem deres sin sitt
        sine meg deg oss hva hvis alle under mellom gjennom sier sa her da kommer to år
        første samt hos uten derfor dette disse""",
        _latin("æøåéóòô"),
    ),
    _Profile(
        "nn",
        "latin",
        """og i det er på som ein eit til å av for med at har den dei ikkje om var men han
        frå vi kan òg også skal eg seg vart blei etter vil så ho eller når hadde ved no
        over berre kvar mot ut opp enn mykje noko nokon vere vore bli blir deira sin
        sitt sine meg deg oss kva viss alle under mellom gjennom seier sa her då kjem to
        år første hjå utan difor dette desse""",
        _latin("æøåéóòô"),
    ),
    _Profile(
        "fi",
        "latin",
        """ja on ei että se oli kun mutta hän myös ovat tai niin kuin jo sen ole mukaan
        vain jos nyt sitä joka jotka voi tämä tässä siitä kanssa olla ollut yli noin
        vielä mitä koska sekä eli vuonna hänen he me minä kaikki mikä missä sitten aina
        jälkeen vuoden ennen nämä näin olivat olisi jopa kuitenkin lisäksi aivan paljon
        kaksi tästä tätä ne niitä heidän joiden jonka eikä ettei kuten vaan eri""",
        _latin("äöåšž"),
    ),
    _Profile(
        "et",
        "latin",
        """ja on ei et see oli ka kui mis ta nii aga seda või ning selle mida kes siis veel
        nagu üle kuid pole olid pärast ainult juba tema nad oma väga seal kõik mitte kus
        sest aasta aastal kaks mille kelle neid meie teda tuleb oleks olnud võib peab
        ütles samuti ehk vastu järgi ikka""",
        _latin("äöõüšž"),
    ),
    _Profile(
        "hu",
        "latin",
        """a az és hogy nem is egy meg el de csak már még volt van ez mint ki be fel azt
        ezt lesz pedig vagy sem kell szerint után között alatt nagyon mert amely ami aki
        akkor most így ha több sok minden itt ott ő én mi ők lett során által miatt
        illetve valamint mellett amelyek akik ezért azonban egyik két új arra erre ahol
        majd vissza nincs""",
        _latin("áéíóöőúüű"),
    ),
    _Profile(
        "pl",
        "latin",
        """i w z na się nie do to że jest o a jak po od co za ale tak są przez dla jego
        już czy jej by tylko może roku lub oraz też także został była było był będzie
        który która które których jednak gdy tym tego ich jako przy we ze bardzo kiedy
        gdzie tych również można ma mają jeszcze bez pod nad według wszystkie jestem
        została zostały będą""",
        _latin("ąćęłńóśźż"),
    ),
    _Profile(
        "cs",
        "latin",
        """a v se na je že to z do o k i ve jako ale by pro za jsou po jsem tak od které
        který která podle však také byl byla bylo být bude jeho již už ani nebo jen když
        co při mezi proti pouze této tento tato toto své jejich aby kde než ještě jak
        před ze u mu nás jsme není či kterou kteří tím tedy""",
        _latin("áčďéěíňóřšťúůýž"),
    ),
    _Profile(
        "sk",
        "latin",
        """a v sa na je že to z do o k i vo ako ale by pre za sú po som tak od ktoré
        ktorý ktorá podľa však tiež bol bola bolo byť bude jeho už ani alebo len keď čo
        pri medzi proti iba tento táto toto svoje ich aby kde než ešte roku pred zo u mu
        nás sme nie či ktorú ktorí tým teda aj ktorých môže veľmi""",
        _latin("áäčďéíĺľňóôŕšťúýž"),
    ),
    _Profile(
        "sl",
        "latin",
        """in je na v se za da so z ki pa tudi bo ne po od kot iz ali do pri še že le to
        ter bi sem smo ste lahko zelo samo ko kjer kar ga jih jim mu ji ta te tem teh
        tega tej leta med brez proti pred zaradi zato kako danes bil bila bilo bili
        bodo bomo""",
        _latin("čšžćđ"),
    ),
    _Profile(
        "hr",
        "latin",
        """je i u na se da za su od a o koji koja koje što kao iz te ali ili sa bi će
        bio bila bilo nije samo još do po prema kako već nakon može sve ima biti ovaj
        ova ovo tako kad kada jer pa ni li sam smo ste im ih mu joj koju kojem kojoj
        kojima bile bili nisu mogu treba vrlo zbog oko dok toga tome gdje tijekom
        također uvijek prije poslije ovdje dio vrijeme tko tisuća tisuće općine općina
        mjesto mjesta mjeseca mjeseci svijet svijeta cijeli cijelu cijene cijena
        sljedeći sljedeće siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza
        rujna listopada studenoga prosinca vijeće vijeća vijesti djeca djece djeci
        mjere mjera vjerojatno pobjeda pobjedu sjever nedjelju nedjelje tjedan tjedna
        obitelj obitelji povijest povijesti predsjednik predsjednika izvješće""",
        _latin("čćđšž"),
    ),
    _Profile(
        "sr",
        "latin",
        """je i u na se da za su od a o koji koja koje što kao iz te ali ili sa bi će
        bio bila bilo nije samo još do po prema kako već nakon može sve ima biti ovaj
        ova ovo tako kad kada jer pa ni li sam smo ste im ih mu joj koju kojem kojoj
        kojima bile bili nisu mogu treba vrlo zbog oko dok toga tome gde tokom takođe
        uvek pre posle ovde deo vreme ko šta hiljada hiljade opštine opština mesto
        mesta meseca meseci svet sveta ceo celu cene cena sledeći sledeće januara
        februara marta aprila maja juna jula avgusta septembra oktobra novembra
        decembra deca dece deci mere mera verovatno pobeda pobedu sever nedelju
        nedelje porodica porodice istorija istorije predsednik predsednika izveštaj""",
        _latin("čćđšž"),
    ),
    _Profile(
        "lt",
        "latin",
        """ir kad yra su į iš kaip bet tai o jis ji buvo taip jau nuo apie tik dar per
        prie ar be po kai savo kurie kuris mes jie tačiau nes bus kur dėl metų gali
        pat jų jo ją šis ši""",
        _latin("ąčęėįšųūž"),
    ),
    _Profile(
        "lv",
        "latin",
        """un ir ka ar uz no par kas arī tas bet lai vai kā pie to tā jau vēl pēc bija
        būs tikai viņš viņa mēs kur līdz nav gan savu šo šī tiek var gadā gada""",
        _latin("āčēģīķļņšūž"),
    ),
    _Profile(
        "tr",
        "latin",
        """bir ve bu da de ile için olarak daha çok gibi en ama o ne kadar sonra olan ise
        her değil var yok mi ki diye şu ya veya ancak göre tarafından üzerinde yeni
        büyük olduğu oldu etti olduğunu bunu onun ben biz siz onlar nasıl neden hem
        ilk iki yıl yılında ayrıca şekilde önce karşı bin""",
        _latin("çğıöşüâîû"),
    ),
    _Profile(
        "id",
        "latin",
        _MALAY_SHARED
        + """ karena bisa saat setelah harus baru bahwa yakni maupun sementara berbagai
        mengatakan""",
        _latin("é"),
    ),
    _Profile(
        "ms",
        "latin",
        _MALAY_SHARED
        + """ kerana boleh selepas baharu bahawa iaitu mahupun manakala pelbagai beliau
        sahaja daripada""",
        _latin("é"),
    ),
    _Profile(
        "vi",
        "latin",
        """và của là có các những được trong cho không người với một này đã để khi từ
        theo cũng đến về như tại năm ra sẽ nhiều đó nhưng hơn sau thì vào lại nên bị mà
        rất đang nếu làm cùng nhất hay còn chỉ trên ông bà họ chúng tôi vì do qua đây
        phải đều mới""",
        _latin(_VIETNAMESE_EXTRA),
    ),
    # --------------------------------------------------------------------- Cyrillic
    _Profile(
        "ru",
        "cyrillic",
        """и в не на что с по это он как из к о от для за его но то а так уже был было
        была были также при который которые которая года лет она они мы я вы бы же все
        только еще ещё может если до после более или чем их ее её у будет будут этом
        этого этой того когда где между нет есть об во со под через сейчас словам""",
        _CYRILLIC_RU,
    ),
    _Profile(
        "uk",
        "cyrillic",
        """і в не на що з по це він як із до від для за його але то а так вже був було
        була були також при який які яка року років вона вони ми я ви б же все тільки
        ще може якщо після більш або ніж їх її у буде будуть цьому цього цієї того коли
        де між немає є про під через зараз й та чи щоб саме""",
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    ),
    _Profile(
        "be",
        "cyrillic",
        """і ў не на што з па гэта ён як да ад для за яго але а так ужо быў было была
        былі таксама пры які якія якая года гадоў яна яны мы я вы б жа ўсе толькі яшчэ
        можа калі пасля больш або чым іх яе у будзе будуць гэтага гэтай таго дзе паміж
        няма ёсць пра пад праз цяпер й ці каб""",
        "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    ),
    _Profile(
        "bg",
        "cyrillic",
        """и в на не да се от за с по е че са ще това като който която които което той
        тя те ние аз вие му им ги го но а или след при през също още вече има няма бил
        била било били година години най до между към само може беше бяха там тук как
        защо когато ако тази този тези""",
        "абвгдежзийклмнопрстуфхцчшщъьюя",
    ),
    _Profile(
        "sr",
        "cyrillic",
        """и у на се да је за су од с а о који која које што као из те али или са би ће
        био била било није само још до по према како већ након може све године има
        бити овај ова ово тако кад када где током између такође јер па ни ли сам смо
        сте им их му јој њихов њен његов коју којем којој пре после ове ових тог""",
        "абвгдђежзијклљмнњопрстћуфхцчџш",
    ),
    _Profile(
        "mk",
        "cyrillic",
        """и на во се да е за од со не ќе што кој која кое кои тоа како по до ги го му им
        беше бил била било биле тој таа тие ние јас вие но а или после пред меѓу само
        може има нема уште веќе овој оваа ова овие така кога каде дека според околу
        година години сите""",
        "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    ),
    _Profile(
        "kk",
        "cyrillic",
        """және мен бұл да де бен пен үшін деп бар жоқ емес еді болып болды осы бір оның
        олар біз сол тек бойынша кейін арқылы туралы тиіс керек жылы жыл қазір ал бірақ
        немесе ол барлық көп сияқты дейін әр өз оған оны""",
        _CYRILLIC_RU + "әғқңөұүһі",
    ),
    # ----------------------------------------------------------------------- Arabic
    _Profile(
        "ar",
        "arabic",
        """في من على إلى أن عن مع التي الذي هذا هذه كان قد ما لا أو بين بعد كما وقد وفي
        ذلك عام حيث إن لم ثم أي كل منذ خلال حتى عند لكن يتم الى ان و هو هي وهو وهي
        كانت وأن أنه إنه فيه عليه له لها به بها أكثر غير أيضا ضد قبل نحو تلك هناك
        وقال قال إلا لن يكون تكون ولا وما""",
        _ARABIC_CORE + "ةكيى",
    ),
    _Profile(
        "fa",
        "arabic",
        """و در به از که این را با است برای آن یک خود تا کرد بر هم نیز شده می شد ما اما
        یا شود دارد باید کند او وی هر بود پس اند های ای نمی کرده کنند دارند گفت همه چه
        چند بین پیش روی زیر بی هیچ هنوز اگر چون زیرا سال بسیار دیگر همین چنین توسط
        بعد قبل""",
        _ARABIC_CORE + "پچژکگیۀيكى",
    ),
    _Profile(
        "ur",
        "arabic",
        """کے میں کی ہے اور سے کو نے کا یہ پر ہیں کہ بھی ایک تھا تھی گیا وہ کر ہو جو لیے
        نہیں اس ان تک گا رہا کیا ساتھ بعد تھے گئے گئی رہے ہوئے والے والی جس جن
        کیونکہ لیکن اگر جب یا کسی کچھ ہم آپ پھر اب بہت سب دیا""",
        _ARABIC_CORE + "پچژکگیٹڈڑںےھہۂۃۓةيك",
    ),
    # ------------------------------------------------------------------- Devanagari
    _Profile(
        "hi",
        "devanagari",
        """के है में की और से को का ने पर हैं यह कि भी एक था लिए नहीं किया कर गया तो थे
        वह साथ ही हो इस जो बाद रहे रहा थी गई कहा इसके उनके उन्होंने अपने अपनी करने
        होने वाले वाली लेकिन या जब तक सकता सकते हुए हुई किसी कुछ सभी बहुत अब फिर""",
        _block(0x0900, 0x097F, without="ळ"),
    ),
    _Profile(
        "mr",
        "devanagari",
        """आहे आणि या व हे की म्हणून होते केले त्या तो ती ते आहेत होता होती करण्यात
        झाली झाले मात्र पण असे अशी त्यांनी त्यांच्या त्याच्या यांनी यांच्या नाही आता
        सर्व काही येथे तसेच म्हणजे करून असून केली दिली""",
        None,
    ),
    _Profile(
        "ne",
        "devanagari",
        """छ हो र पनि गरेको भएको छन् थियो लागि गर्न यो त्यो हुन्छ भने तथा छैन गरी गरेका
        भएका हुने गर्ने रहेको उनले उनी हामी यस उक्त अनुसार बताए साथै भन्दा सबै धेरै
        अहिले वा नै""",
        _block(0x0900, 0x097F, without="ळ"),
    ),
    # ----------------------------------------------------------------------- Hebrew
    _Profile(
        "he",
        "hebrew",
        """של את על לא זה הוא גם עם כי היא אני או כל אם מה יש אבל היה בין רק עוד אחרי
        לאחר לפי כך הם אל היו הזה זו זאת אשר כמו כדי אותו אותה אותם לו לה להם שלו שלה
        מאוד יותר ביותר עד כבר כמה איך שכן אך אולם כאשר לפני נגד ללא בגלל עליו עליה
        אמר אמרה אמרו ולא וגם שלא שהוא שהיא ואת ועל היום השנה""",
        _HEBREW,
    ),
    _Profile(
        "yi",
        "hebrew",
        """און די דער דאס איז פון אין ער זי מיט אויף נישט ניט צו האט ווי זיך אז וואס
        פאר אבער זיין געווען ווערט האבן זענען אויך ביי נאך ווען מען דעם""",
        None,
    ),
    # ---------------------------------------- scripts that alone name their language
    _Profile("el", "greek", "", None),
    _Profile("hy", "armenian", "", None),
    _Profile("ka", "georgian", "", None),
    # Assamese writes Bengali script with its own r and w (ৰ ৱ) where Bengali has র.
    _Profile("bn", "bengali", "", _block(0x0980, 0x09FF, without="ৰৱ")),
    _Profile("as", "bengali", "", _block(0x0980, 0x09FF, without="র")),
    _Profile("pa", "gurmukhi", "", None),
    _Profile("gu", "gujarati", "", None),
    _Profile("or", "oriya", "", None),
    _Profile("ta", "tamil", "", None),
    _Profile("te", "telugu", "", None),
    _Profile("kn", "kannada", "", None),
    _Profile("ml", "malayalam", "", None),
    _Profile("si", "sinhala", "", None),
    _Profile("th", "thai", "", None),
    _Profile("lo", "lao", "", None),
    _Profile("km", "khmer", "", None),
    _Profile("my", "myanmar", "", None),
    _Profile("dv", "thaana", "", None),
)

# ------------------------------------------------------------------ tables, at import


def _script_table() -> tuple[str | None, ...]:
    """The script of each 16-code-point chunk of the Basic Multilingual Plane."""
    table: list[str | None] = [None] * (0x10000 >> 4)
    for first, last, script in _SCRIPT_RANGES:
        for chunk in range(first >> 4, (last >> 4) + 1):
            table[chunk] = script
    return tuple(table)


def _word_masks() -> dict[str, int]:
    """Each listed word to the set of languages that list it, as a bit mask over
    ``_PROFILES``. A word is written in one script, so its languages share one."""
    masks: dict[str, int] = {}
    for index, profile in enumerate(_PROFILES):
        for word in profile.words.split():
            masks[word] = masks.get(word, 0) | (1 << index)
    return masks


def _languages_of(masks: dict[str, int]) -> dict[int, tuple[int, ...]]:
    bits = range(len(_PROFILES))
    return {mask: tuple(i for i in bits if mask >> i & 1) for mask in set(masks.values())}


def _script_groups() -> dict[str, tuple[int, ...]]:
    groups: dict[str, tuple[int, ...]] = {}
    for index, profile in enumerate(_PROFILES):
        groups[profile.script] = (*groups.get(profile.script, ()), index)
    return groups


_SCRIPT_OF_CHUNK = _script_table()
_WORD_MASKS = _word_masks()
_WORDS = _WORD_MASKS.keys()
_LANGUAGES_OF_MASK = _languages_of(_WORD_MASKS)
_SCRIPT_GROUPS = _script_groups()
_ALPHABETS = tuple(
    None if profile.alphabet is None else frozenset(profile.alphabet) for profile in _PROFILES
)


class _Letters(NamedTuple):
    """A script's letters in a text: how many, and the count of each letter beyond
    ASCII (estimates, from a sample, in long texts)."""

    total: int
    counts: dict[str, int]


_NO_LETTERS = _Letters(0, {})

# ------------------------------------------------------------------------------- API


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when it cannot tell."""
    if len(text) > 2 * FIRST_LOOK_CHARS:
        plain = _guess(text[:FIRST_LOOK_CHARS], FIRST_LOOK_BAR)
        if plain is not None:
            return plain
    return _guess(text[:SAMPLE_CHARS], BAR)


def _guess(sample: str, bar: Bar) -> str | None:
    """The language of ``sample`` if its words clear ``bar`` (see ``guess_language``)."""
    sample = sample.lower()
    if sample.isascii():
        # Most texts: Latin letters without accents, so words alone decide.
        words = sample.translate(_ASCII_GAPS).split()
        return _guess_by_words(_SCRIPT_GROUPS["latin"], words, _NO_LETTERS, bar)
    raw = sample.encode()
    letters = _letters_by_script(raw)
    script = _dominant_script(letters)
    if script is None:
        return None
    if script == "latin" and not unicodedata.is_normalized("NFC", sample):
        # Decomposed accents (a Vietnamese page may be NFD): the word lists are composed.
        raw = unicodedata.normalize("NFC", sample).encode()
        letters = _letters_by_script(raw)
    if script in _CJK_SCRIPTS:
        return _guess_cjk(letters)
    group = _SCRIPT_GROUPS.get(script)
    if group is None:
        return None
    if _PROFILES[group[0]].words:
        return _guess_by_words(group, _words(raw, script), letters[script], bar)
    return _guess_by_letters(group, letters[script])


# ------------------------------------------------------------------------------ steps


def _words(raw: bytes, script: str) -> list[str]:
    """The words of a UTF-8 text (see ``_GAP_BYTES``)."""
    gapped = raw.translate(_GAP_TABLE)
    for mark in _SCRIPT_PUNCTUATION.get(script, ()):
        gapped = gapped.replace(mark, b" ")
    return gapped.decode("utf-8", "ignore").split()


def _letters_by_script(raw: bytes) -> dict[str, _Letters]:
    """The letters of a UTF-8 text by script: ASCII letters counted exactly, the others
    on an evenly spread sample of at most ``LETTER_SAMPLE``."""
    found: dict[str, dict[str, int]] = {}
    beyond_ascii = raw.translate(None, _ASCII_BYTES).decode()
    step = len(beyond_ascii) // LETTER_SAMPLE + 1
    for letter, count in Counter(beyond_ascii[::step]).items():
        if not letter.isalpha():
            continue
        point = ord(letter)
        if point < 0x10000:
            script = _SCRIPT_OF_CHUNK[point >> 4]
        else:
            script = "han" if point in _ASTRAL_HAN else None
        if script is not None:
            found.setdefault(script, {})[letter] = count * step
    letters = {script: _Letters(sum(counts.values()), counts) for script, counts in found.items()}
    ascii_letters = len(raw.translate(None, _NOT_ASCII_LETTERS))
    if ascii_letters:
        latin = letters.get("latin", _NO_LETTERS)
        letters["latin"] = _Letters(latin.total + ascii_letters, latin.counts)
    return letters


def _dominant_script(letters: dict[str, _Letters]) -> str | None:
    """The script holding most of the letters (Chinese, Japanese and Korean letters
    counted together, weighted), or None when none holds a clear majority."""
    weights: dict[str, float] = {}
    for script, found in letters.items():
        family = "cjk" if script in _CJK_SCRIPTS else script
        weights[family] = weights.get(family, 0.0) + SCRIPT_WEIGHTS.get(script, 1.0) * found.total
    if not weights:
        return None
    family = max(weights, key=weights.__getitem__)
    if weights[family] < MIN_SCRIPT_SHARE * sum(weights.values()):
        return None
    if family != "cjk":
        return family
    return max(_CJK_SCRIPTS & letters.keys(), key=lambda script: letters[script].total)


def _guess_cjk(letters: dict[str, _Letters]) -> str | None:
    """Korean by its Hangul; Japanese by kana among Chinese characters; Chinese by
    their absence."""
    han, kana, hangul = (
        letters.get(script, _NO_LETTERS).total for script in ("han", "kana", "hangul")
    )
    total = han + kana + hangul
    if total < MIN_SCRIPT_LETTERS:
        return None
    if hangul >= KOREAN_HANGUL_SHARE * total:
        return "ko"
    if hangul:
        return None
    if kana >= JAPANESE_KANA_SHARE * total:
        return "ja"
    return "zh" if kana <= CHINESE_KANA_SHARE * total else None


def _guess_by_letters(group: tuple[int, ...], letters: _Letters) -> str | None:
    """The one language of ``group`` whose alphabet fits the letters."""
    if letters.total < MIN_SCRIPT_LETTERS:
        return None
    fitting = [index for index in group if not _is_foreign(index, letters)]
    return _PROFILES[fitting[0]].code if len(fitting) == 1 else None


def _guess_by_words(
    group: tuple[int, ...], words: list[str], letters: _Letters, bar: Bar
) -> str | None:
    """The language of ``group`` whose function words the text uses most, if it uses
    enough of them, clearly more than any other language does, and writes no letters
    that language lacks."""
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    hits: dict[int, int] = {}  # languages (a mask) -> occurrences of words they all list
    for word in counts.keys() & _WORDS:
        mask = _WORD_MASKS[word]
        hits[mask] = hits.get(mask, 0) + counts[word]
    totals: dict[int, int] = {}
    for mask, count in hits.items():
        for index in _LANGUAGES_OF_MASK[mask]:
            totals[index] = totals.get(index, 0) + count
    ranked = sorted(totals, key=totals.__getitem__, reverse=True)
    contenders = (i for i in ranked if i in group and not _is_foreign(i, letters))
    best = next(contenders, None)
    if best is None or totals[best] < bar.word_share * len(words):
        return None
    for rival in contenders:
        if totals[rival] < RIVAL_SHARE * totals[best]:
            break
        if not _leads(best, rival, hits, bar):
            return None
    return _PROFILES[best].code


def _leads(best: int, rival: int, hits: dict[int, int], bar: Bar) -> bool:
    """Whether the words only ``best`` lists clearly outnumber those only ``rival``
    lists: close languages share most of their words, and only the rest tells them
    apart."""
    own = other = 0
    for mask, count in hits.items():
        has_best, has_rival = mask >> best & 1, mask >> rival & 1
        if has_best and not has_rival:
            own += count
        elif has_rival and not has_best:
            other += count
    return own >= bar.margin_ratio * other and own - other >= bar.min_lead


def _is_foreign(index: int, letters: _Letters) -> bool:
    """Whether the text writes more than a trace of letters language ``index`` lacks."""
    alphabet = _ALPHABETS[index]
    if alphabet is None or not letters.counts:
        return False
    foreign = sum(count for letter, count in letters.counts.items() if letter not in alphabet)
    return foreign >= FOREIGN_MIN_LETTERS and foreign > FOREIGN_SHARE * letters.total
