from collections.abc import Callable, Iterable

from selectolax.lexbor import LexborNode

NODE_FIELD_READ: int
TEXT_READ: int

class Survey:
    def __init__(self, pairs: tuple[tuple[str, str], ...], tag_ids: tuple[int, ...]) -> None: ...
    def found(self, node: LexborNode, /) -> bytes: ...

def judged(
    node: LexborNode,
    unmarked_tag_ids: tuple[int, ...],
    tag_ids: tuple[int, ...],
    memo: dict[tuple[str | None, str | None], int],
    judge: Callable[[str | None, str | None], int],
    tokens: dict[str, int],
    judge_token: Callable[[str], int],
    by_class: bool,
    token_max: int,
    /,
) -> list[tuple[LexborNode, int, int]]: ...
def text_length(
    node: LexborNode,
    /,
    *,
    deep: bool = True,
    separator: str = "",
    strip: bool = False,
    strip_whole: bool = False,
    limit: int = -1,
) -> int: ...
def elements(node: LexborNode, tag_ids: tuple[int, ...], /) -> list[LexborNode]: ...

class Query:
    selector: str
    def __init__(self, selector: str) -> None: ...
    def find(self, node: LexborNode, /) -> list[LexborNode]: ...
    def first(self, node: LexborNode, /) -> LexborNode | None: ...

def matching(
    node: LexborNode,
    tests: tuple[tuple[str, str, str, int, bool], ...],
    tag_ids: tuple[int, ...],
    /,
) -> list[LexborNode]: ...
def short_texts(nodes: list[LexborNode], limit: int, strip: bool, /) -> list[str | None]: ...
def doomed(
    suspects: list[LexborNode],
    protected_ids: Iterable[int],
    doomed_ids: Iterable[int],
    limit: int,
    /,
) -> list[LexborNode]: ...
