"""``pressroom.toml``: the warehouse, the fetcher's manners, and the sources to ingest.

Parsed into pydantic models, so a mistake is reported with the key that holds it, and
the same models give the Prefect UI its parameter forms.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from warehouse.connection import LakeSettings, Warehouse

SourceKind = Literal["feed", "sitemap", "urls", "dir", "warc"]
DEFAULT_CONFIG = Path("pressroom.toml")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# Nightly, when no hourly source is likely to be busy.
MAINTENANCE_SCHEDULE = "0 3 * * *"


class ConfigError(ValueError):
    """The configuration file is missing or wrong; the message says where and what."""


def check_cron(expression: str) -> str:
    """``expression`` if Prefect schedules it as a cron; else a ValueError saying why,
    raised when the file is read rather than when ``pressroom serve`` registers it."""
    from prefect.client.schemas.schedules import CronSchedule  # Prefect loads slowly

    try:
        CronSchedule(cron=expression)
    except ValidationError as exc:
        raise ValueError(
            f"{expression!r} is not a cron schedule (five fields, as '0 3 * * *')"
        ) from exc
    return expression


def parse_duration(value: str | float) -> float:
    """Seconds from ``90``, ``"90s"``, ``"15m"``, ``"6h"`` or ``"1d"``."""
    if isinstance(value, int | float):
        return float(value)
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a duration like 90, '90s', '15m', '6h' or '1d'")
    return float(match[1]) * _SECONDS[match[2]]


Seconds = Annotated[float, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


WarehouseKind = Literal["duckdb", "ducklake"]
# DuckLake catalogs pressroom accepts: a PostgreSQL connection (libpq key=value pairs
# after ``postgres:``, or a postgres[ql]:// URI) for many writers on many machines; a
# SQLite or DuckDB file for one machine (a DuckDB catalog admits one process at a time).
_CATALOG_FORMS = ("postgres:", "postgresql://", "postgres://", "sqlite:", "duckdb:")


class WarehouseConfig(_Strict):
    kind: WarehouseKind = Field(
        "duckdb",
        description="duckdb: one file, one writer at a time. ducklake: Parquet files plus a"
        " SQL catalog, for many writers at once.",
    )
    path: str = Field("pressroom.duckdb", description="The DuckDB file (kind = duckdb).")
    catalog: str | None = Field(
        None,
        description="The DuckLake catalog (kind = ducklake): 'postgres:host=H dbname=D user=U'"
        " or 'postgresql://U@H:5432/D'; 'sqlite:PATH' or 'duckdb:PATH' on one machine only.",
    )
    data_path: str | None = Field(
        None,
        description="Where the lake's Parquet files go (kind = ducklake): a folder, or an"
        " object-store URL such as s3://bucket/prefix/.",
    )
    data_dir: str = Field(
        "pressroom-data", description="WARC archives of raw responses and staged batches."
    )
    lock_wait: float = Field(
        60.0,
        ge=0,
        description="Seconds a run waits for a file another process holds; then it leaves"
        " its batches staged for the next run.",
    )

    def target(self, db: str | Path | None = None) -> Warehouse:
        """Where runs write and people query: ``db`` when given (a DuckDB file, as with
        ``--db``), else this configuration's file or lake."""
        if db is not None:
            return Path(db)
        if self.kind == "ducklake" and self.catalog and self.data_path:
            return LakeSettings(self.catalog, self.data_path)
        return Path(self.path)

    def search_index(self, target: Warehouse) -> Path:
        """The DuckDB file ``pressroom search`` reads: the warehouse file itself, or for a
        lake (whose tables fts cannot index) a copy kept in the data folder."""
        if isinstance(target, LakeSettings):
            from warehouse.lake import LAKE_SEARCH_INDEX

            return Path(self.data_dir) / LAKE_SEARCH_INDEX
        return Path(target)

    @field_validator("catalog")
    @classmethod
    def _catalog_form(cls, catalog: str | None) -> str | None:
        if catalog is None:
            return None
        catalog = catalog.strip()
        if catalog.startswith("ducklake:"):
            catalog = catalog.removeprefix("ducklake:")
        if not catalog.startswith(_CATALOG_FORMS) or catalog in _CATALOG_FORMS:
            raise ValueError(
                f"{catalog!r} is not a DuckLake catalog: write 'postgres:host=H dbname=D user=U',"
                " 'postgresql://U@H:5432/D', 'sqlite:PATH' or 'duckdb:PATH'"
            )
        return catalog

    @model_validator(mode="after")
    def _lake_settings(self) -> WarehouseConfig:
        if self.kind == "ducklake":
            missing = [k for k in ("catalog", "data_path") if not getattr(self, k)]
            if missing:
                raise ValueError(
                    f"kind = 'ducklake' needs {' and '.join(missing)}: catalog is where the"
                    " lake's metadata lives (e.g. 'postgres:host=H dbname=D user=U'), data_path"
                    " the folder or object-store prefix for its Parquet files"
                )
        elif self.catalog or self.data_path:
            raise ValueError(
                "catalog and data_path are settings of kind = 'ducklake'; set kind = 'ducklake'"
                " to use them, or remove them"
            )
        return self


class FetchConfig(_Strict):
    user_agent: str = Field(
        "pressroom/0.1 (+news ingestion)",
        description="Say who you are and how to reach you: sites block anonymous crawlers.",
    )
    concurrency: int = Field(16, ge=1, le=512, description="Requests in flight, all hosts.")
    per_host_concurrency: int = Field(4, ge=1, le=64)
    per_host_delay: Seconds = Field(1.0, description="Seconds between requests to one host.")
    obey_robots: bool = True
    timeout: Seconds = Field(30.0, description="Total seconds one request may take.")
    allow_hosts: list[str] = Field(
        default_factory=list,
        description="Non-public hosts, host:port pairs or CIDR networks the fetcher may"
        " reach (added to PRESSROOM_ALLOW_HOSTS); everything else must be public.",
    )
    max_bytes: int = Field(10 * 1024 * 1024, ge=1024)


class SourceConfig(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: SourceKind
    location: str | list[str] = Field(
        description="A feed or sitemap URL, URLs, a URL-list file, a folder or a WARC file."
    )
    include: list[str] = Field(default_factory=list, description="Regexes; a URL must match one.")
    exclude: list[str] = Field(default_factory=list, description="Regexes; a match skips the URL.")
    per_host_delay: Seconds | None = None
    max_pages: int | None = Field(None, ge=1, description="Pages fetched per run at most.")
    recrawl_interval: Seconds = Field(
        86400.0, description="An unchanged page is not fetched again within this many seconds."
    )
    schedule: str | None = Field(None, description="Cron expression for the deployment.")

    @field_validator("schedule")
    @classmethod
    def _cron(cls, schedule: str | None) -> str | None:
        return None if schedule is None else check_cron(schedule)

    @field_validator("recrawl_interval", "per_host_delay", mode="before")
    @classmethod
    def _durations(cls, value: object) -> object:
        return parse_duration(value) if isinstance(value, str) else value

    @field_validator("include", "exclude")
    @classmethod
    def _regexes(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from exc
        return patterns

    @property
    def locations(self) -> list[str]:
        return [self.location] if isinstance(self.location, str) else list(self.location)

    def wants(self, url: str) -> bool:
        """Does this source's include/exclude filter let ``url`` through?"""
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)


class MaintenanceConfig(_Strict):
    schedule: str | None = Field(
        MAINTENANCE_SCHEDULE,
        description="Cron expression for the maintenance deployment; an empty string for"
        " none (run it from the UI).",
    )

    @field_validator("schedule")
    @classmethod
    def _cron(cls, schedule: str | None) -> str | None:
        return check_cron(schedule) if schedule else None


class Config(_Strict):
    warehouse: WarehouseConfig = WarehouseConfig()
    fetch: FetchConfig = FetchConfig()
    maintenance: MaintenanceConfig = MaintenanceConfig()
    sources: list[SourceConfig] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[SourceConfig]) -> list[SourceConfig]:
        names = [s.name for s in sources]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"source names must be unique; repeated: {', '.join(duplicated)}")
        return sources

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"no source named {name!r} in the configuration (known: {known})")


def load_config(path: str | Path | None = None) -> Config:
    """The configuration at ``path``; defaults when ``path`` is None and no
    ``pressroom.toml`` is in the working directory. Relative paths in the file are
    taken relative to the file's folder."""
    if path is None:
        if not DEFAULT_CONFIG.exists():
            return Config()
        path = DEFAULT_CONFIG
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"no configuration file at {file}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from exc
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"{file}: {problems}") from exc
    return _resolve_paths(config, file.parent)


def _resolve_paths(config: Config, base: Path) -> Config:
    def local(p: str) -> str:
        return p if "://" in p or Path(p).is_absolute() else str(base / p)

    sources = [
        s.model_copy(update={"location": [local(x) for x in s.locations]})
        if s.kind in ("dir", "warc")
        else s
        for s in config.sources
    ]
    lake_files = config.warehouse.data_path
    warehouse = config.warehouse.model_copy(
        update={
            "path": local(config.warehouse.path),
            "data_dir": local(config.warehouse.data_dir),
            "catalog": _local_catalog(config.warehouse.catalog, base),
            "data_path": local(lake_files) if lake_files else None,
        }
    )
    return config.model_copy(update={"warehouse": warehouse, "sources": sources})


def _local_catalog(catalog: str | None, base: Path) -> str | None:
    """A file catalog (``sqlite:`` or ``duckdb:``) relative to the configuration's folder."""
    if catalog is None:
        return None
    for prefix in ("sqlite:", "duckdb:"):
        if catalog.startswith(prefix):
            file = catalog.removeprefix(prefix)
            return prefix + (file if Path(file).is_absolute() else str(base / file))
    return catalog
