"""The queries behind the views: filters, sorting, lookups and the one pagination helper."""

from collections.abc import Callable, Mapping
from math import ceil, floor
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import quote, urlencode
from weakref import WeakKeyDictionary

from flask import request
from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import joinedload, selectinload

from api.domain import paymath
from api.extensions import db
from api.models import Change, Industry, Occupation, Role, SalaryBand, Skill, Source, SourceNote
from api.store import bands, records

# Totals are counted this far and no further: counting a million matching rows costs more than the page.
COUNT_CAP = 10_000
# Filters that narrow a role's bands through an index of their own (role_id, then these): with them the
# role stays an equality, which those indexes need, and they bound the read.
ROLE_NARROWING = ("year", "geography", "currency")
# A role's detail embeds this many of its bands (its latest: the first page of its band list) and links the rest.
EMBEDDED_BANDS = 20
# A detail embeds at most this many of each other list it carries (an industry's roles, a role's industries
# and skills, a skill's roles, a source's notes), with their count and a link to the whole list.
EMBEDDED = 50


# Statements are immutable, each filter makes a new one: the list's columns and joins are built once.
BAND_LIST = records.joined(select(records.band_columns()))


class Listing(NamedTuple):
    """What a list view answers: the query of its rows and what each row becomes in the response,
    computed for this response and passed along, never set on the row (by default the row itself)."""

    query: Select
    item: Callable | None = None
    params: Mapping = MappingProxyType({})  # the values of the query's named parameters

    @classmethod
    def of(cls, answer) -> "Listing":
        """A view's answer as a Listing: a bare query lists its rows as they are."""
        return answer if isinstance(answer, cls) else cls(answer)

    def items(self, rows) -> list:
        return list(rows) if self.item is None else [self.item(row) for row in rows]


# A statement's page (LIMIT and OFFSET as parameters) and bounded count, built once per statement: a
# statement kept per shape (the band list's) then costs neither their construction nor SQLAlchemy's
# cache key again. Weak keys: a statement built per request takes its entry with it.
DERIVED: WeakKeyDictionary = WeakKeyDictionary()


def derived(stmt: Select) -> tuple[Select, Select]:
    """`stmt`'s page (parameters `page_limit`, `page_offset`) and its count up to COUNT_CAP + 1."""
    pair = DERIVED.get(stmt)
    if pair is None:
        ones = stmt.order_by(None).with_only_columns(literal_column("1"), maintain_column_froms=True)
        count = select(func.count()).select_from(ones.limit(COUNT_CAP + 1).subquery())
        page = stmt.limit(bindparam("page_limit")).offset(bindparam("page_offset"))
        pair = DERIVED[stmt] = (page, count)
    return pair


def bounded_count(stmt: Select, params: Mapping = MappingProxyType({})) -> int | None:
    """How many rows `stmt` selects, counted up to COUNT_CAP; None when there are more."""
    counted = db.session.scalar(derived(stmt)[1], dict(params))
    return counted if counted <= COUNT_CAP else None


def paginate(listing: Listing, args: dict):
    """One page of the listing in the list envelope, with a `Link` header for next/prev."""
    page, headers = _keyset_page(listing, args) if "after" in args else _offset_page(listing, args)
    page["data"] = listing.items(page["data"])
    return page, headers


def _rows(listing: Listing, limit: int, offset: int) -> list:
    page = {**listing.params, "page_limit": limit, "page_offset": offset}
    return db.session.scalars(derived(listing.query)[0], page).all()


def _offset_page(listing: Listing, args: dict):
    limit, offset = args["limit"], args["offset"]
    total = bounded_count(listing.query, listing.params)
    rows = _rows(listing, limit + 1, offset)  # one more: is there a next page?
    items = rows[:limit]
    next_url = _page_url(offset + limit, limit) if len(rows) > limit else None
    prev_url = _prev_url(listing, offset, limit, total, bool(items))
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_url), ("prev", prev_url)) if url]
    page = {
        "data": items,
        "pagination": {"total": total, "limit": limit, "offset": offset, "next": next_url, "prev": prev_url},
    }
    return page, ({"Link": ", ".join(links)} if links else {})


def _prev_url(listing: Listing, offset: int, limit: int, total: int | None, has_items: bool) -> str | None:
    """The previous page; past the end, the last page that has items (on the same grid of offsets as this one),
    so `prev` never leads to another empty page; null when no page has any."""
    if offset == 0:
        return None
    if has_items:
        return _page_url(max(offset - limit, 0), limit)
    if total is None:  # more than COUNT_CAP match, and this page is past all of them: count them all, once
        every = select(func.count()).select_from(listing.query.order_by(None).subquery())
        total = db.session.scalar(every, dict(listing.params))
    if total == 0:
        return None
    phase = offset % limit
    last = phase + (total - 1 - phase) // limit * limit if total > phase else 0
    return _page_url(last, limit)


def _keyset_page(listing: Listing, args: dict):
    """A keyset page: the query already starts after id `after` (found through the primary key however
    deep); no count, as counting a million rows costs more than the page."""
    limit = args["limit"]
    rows = _rows(listing, limit + 1, 0)
    items, more = rows[:limit], len(rows) > limit
    next_url = _page_url(None, limit, after=items[-1].id) if more else None
    page = {
        "data": items,
        "pagination": {"total": None, "limit": limit, "offset": None, "next": next_url, "prev": None},
    }
    return page, ({"Link": f'<{next_url}>; rel="next"'} if next_url else {})


def _page_url(offset: int | None, limit: int, after: int | None = None) -> str:
    """A relative reference (path and query): never the request's Host or scheme, which the client
    chooses, as the page is cached and served to everyone (and behind proxies the path is the same)."""
    params = request.args.to_dict(flat=False)
    params.update(limit=[str(limit)])
    if after is None:
        params.update(offset=[str(offset)])
    else:
        params.update(after=[str(after)])
    return f"{quote(request.script_root + request.path)}?{urlencode(params, doseq=True)}"


def one_or_404(model, what: str, *loads, **key):
    """The one row matching `key` (with the relationships `loads` names), or a 404 problem naming what was
    not found (Flask-SQLAlchemy's `one_or_404`; the description becomes the problem's `detail`)."""
    value = next(iter(key.values()))
    return db.one_or_404(select(model).filter_by(**key).options(*loads), description=f"No {what} '{value}'.")


def role_detail(slug: str) -> Role:
    """The role with the source and occupation its detail shows, in one statement (404 problem when none)."""
    return one_or_404(Role, "role", joinedload(Role.source), joinedload(Role.occupation), slug=slug)


def _order(stmt: Select, sort: str | None, columns: dict, tiebreak):
    """Ordered by `sort` with `tiebreak` (the id) after it; a leading `-` reverses the whole order, ties
    included, so one (column, id) index serves both directions without sorting a tie group."""
    if sort and sort.startswith("-"):
        return stmt.order_by(columns[sort[1:]].desc(), tiebreak.desc())
    if sort:
        stmt = stmt.order_by(columns[sort].asc())
    return stmt.order_by(tiebreak)


def _text_match(q: str, *columns):
    return or_(*(column.icontains(q, autoescape=True) for column in columns))


def skill_applies(skill_slug: str):
    """Roles a skill applies to: those linked to it, or all of them when it is field-wide."""
    field_wide = select(Skill.id).where(Skill.slug == skill_slug, ~Skill.roles.any()).exists()
    return or_(Role.skills.any(Skill.slug == skill_slug), field_wide)


def roles(args: dict) -> Select:
    """`/v1/roles`: the matching roles, loading what a list row shows."""
    return matching_roles(args).options(selectinload(Role.source), selectinload(Role.occupation))


def matching_roles(args: dict) -> Select:
    """The roles matching `args`, loading nothing with them (an embedded ref shows none)."""
    stmt = select(Role)
    if "industry" in args:
        stmt = stmt.where(Role.industries.any(Industry.slug == args["industry"]))
    if "skill" in args:
        stmt = stmt.where(skill_applies(args["skill"]))
    if "level" in args:
        stmt = stmt.where(Role.level == args["level"])
    if "has_published_band" in args:
        has_band = Role.salary_bands.any()
        stmt = stmt.where(has_band if args["has_published_band"] else ~has_band)
    if "soc_code" in args:
        stmt = stmt.where(Role.occupation.has(Occupation.code == args["soc_code"]))
    if "q" in args:
        stmt = stmt.where(_text_match(args["q"], Role.title, Role.summary))
    return _order(stmt, args.get("sort"), {"title": Role.title, "slug": Role.slug}, Role.id)


def role_bands(role: Role) -> Select:
    """A role's bands, unordered: what its detail pages and counts."""
    return select(SalaryBand).where(SalaryBand.role_id == role.id)


def latest_first(band=SalaryBand) -> tuple:
    """Order by a band's natural key after its role, newest first: the role's unique index read backwards,
    so the first rows come without sorting however many bands the role has."""
    return tuple(column.desc() for column in (band.year, band.geography, band.currency, band.source_id))


def embedded_bands(role: Role) -> list[SalaryBand]:
    """A role's latest EMBEDDED_BANDS bands: newest year first, then geography, currency and source."""
    stmt = role_bands(role).order_by(*latest_first()).options(selectinload(SalaryBand.source))  # `role`: loaded
    return list(db.session.scalars(stmt.limit(EMBEDDED_BANDS)))


def embedded(stmt: Select) -> list:
    """The first EMBEDDED rows of `stmt`."""
    return list(db.session.scalars(stmt.limit(EMBEDDED)))


def industry_roles(industry: Industry) -> Select:
    """The roles found in an industry: `/v1/roles?industry=` in its order."""
    return matching_roles({"industry": industry.slug})


def role_industries(role: Role) -> Select:
    """The industries a role is found in: `/v1/industries?role=` in its order."""
    return matching_industries({"role": role.slug})


def role_skills(role: Role) -> Select:
    """The skills that apply to a role (`/v1/skills?role=`): those tied to it first, then the field-wide ones."""
    tied_first = Skill.roles.any(Role.id == role.id).desc()
    ordered = matching_skills({"role": role.slug}).order_by(None).order_by(tied_first, Skill.id)
    return ordered.options(selectinload(Skill.roles))  # what the embedded skill's `scope` reads


def skill_roles(skill: Skill) -> Select:
    """The roles a skill is tied to (none for a field-wide skill), by id as `/v1/roles?skill=` lists them."""
    return select(Role).where(Role.skills.any(Skill.id == skill.id)).order_by(Role.id)


# Filters whose value is a parameter of the band list's statement (the role is found by slug first).
BAND_VALUES = (
    *("year", "geography", "geography_scope", "currency", "source", "as_of"),
    *("salary_min_gte", "salary_max_lte", "after"),
)
# 64-bit parameters for the salary's yearly amount: it can pass the 32-bit columns' range (a billion an
# hour), and PostgreSQL refuses such a value as the column's own type. Others take their column's type.
PARAMETER_TYPES = {"salary_low": BigInteger, "salary_high": BigInteger, "hours_per_year": Integer}
# The band list's statements by shape (which filters, the role's form, the sort), every value a parameter:
# building a statement and its cache key cost more than running it on a small table. At most
# SHAPES_KEPT (there are a few thousand shapes; a request's values never make a new one).
BAND_LISTS: dict[tuple, Select] = {}
SHAPES_KEPT = 512


def salary_bands(args: dict) -> Listing:
    """The band list: each row a frozen `records.Band`, with its role and source, from one SELECT."""
    params = {name: args[name] for name in BAND_VALUES if name in args}
    role = None
    if "role" in args:
        # The id itself, not a join on the slug: PostgreSQL then plans with that role's own share of the
        # rows (a role holding most of them is read through its index, not by walking the whole table).
        params["role_id"] = db.session.scalar(select(Role.id).where(Role.slug == args["role"]))
        role = "equal" if args.get("sort") or any(name in args for name in ROLE_NARROWING) else "range"
    if "salary" in args:
        yearly = args["salary"] * paymath.periods_per_year(args.get("period", "annual"), args["hours_per_year"])
        params.update(salary_low=floor(yearly), salary_high=ceil(yearly), hours_per_year=args["hours_per_year"])
    shape = (frozenset(params), role, args.get("sort"))
    stmt = BAND_LISTS.get(shape)
    if stmt is None:
        if len(BAND_LISTS) >= SHAPES_KEPT:
            BAND_LISTS.clear()
        stmt = BAND_LISTS[shape] = _band_list(set(params), role, args.get("sort"))
    return Listing(stmt, params=params)


def _band_list(names: set, role: str | None, sort: str | None) -> Select:
    """The band list's statement for one shape, each value the parameter of its name."""
    value = {name: bindparam(name, type_=PARAMETER_TYPES.get(name)) for name in names}
    stmt = BAND_LIST
    if role == "equal":
        stmt = stmt.where(SalaryBand.role_id == value["role_id"])  # None for an unknown role: no bands
    elif role == "range":
        # The role's bands in id order: role_id as a bound, not an equality, and first in the order.
        # With an equality PostgreSQL drops role_id from the order and, for a role holding a large
        # share of the bands, reads the primary key in id order and filters, assuming that role's
        # bands are spread evenly: when other roles' bands come first, it walks past all of them.
        # Ordered by (role_id, id), the page comes from the (role_id, id) index alone.
        stmt = stmt.where(SalaryBand.role_id.between(value["role_id"], value["role_id"])).order_by(SalaryBand.role_id)
    for name in ("year", "geography", "geography_scope", "currency"):
        if name in value:
            stmt = stmt.where(getattr(SalaryBand, name) == value[name])
    stmt = bands.filter_bands(stmt, value)
    if "salary_low" in value:
        stmt = stmt.where(_band_holds(value["salary_low"], value["salary_high"], value["hours_per_year"]))
    if "salary_min_gte" in value:
        stmt = stmt.where(SalaryBand.salary_min >= value["salary_min_gte"])
    if "salary_max_lte" in value:
        stmt = stmt.where(SalaryBand.salary_max <= value["salary_max_lte"])
    if "after" in value:
        stmt = stmt.where(SalaryBand.id > value["after"])
    columns = {
        "salary_min": SalaryBand.salary_min,
        "salary_max": SalaryBand.salary_max,
        "midpoint": SalaryBand.midpoint,
        "year": SalaryBand.year,
    }
    return _order(stmt, sort, columns, SalaryBand.id)


def _band_holds(low, high, hours_per_year):
    """Bands a salary falls inside, both taken a year: `low` and `high` are the salary's exact yearly amount
    rounded down and up, against each band's amounts times its own periods a year (`hours_per_year` for an
    hourly band). Amounts are whole, so comparing them with the yearly amount rounded down (against the
    minimum) and up (against the maximum) is exact, with no decimal in SQL. Annual bands compare their
    columns as they are, so their indexes still serve."""
    per_year = case(paymath.PERIODS_PER_YEAR, value=SalaryBand.period, else_=hours_per_year)  # else: hourly
    return or_(
        and_(SalaryBand.period == "annual", SalaryBand.salary_min <= low, SalaryBand.salary_max >= high),
        and_(
            SalaryBand.period != "annual",
            cast(SalaryBand.salary_min, BigInteger) * per_year <= low,
            cast(SalaryBand.salary_max, BigInteger) * per_year >= high,
        ),
    )


def industries(args: dict) -> Select:
    """`/v1/industries`: the matching industries, loading what a list row shows."""
    return matching_industries(args).options(selectinload(Industry.source))


def matching_industries(args: dict) -> Select:
    """The industries matching `args`, loading nothing with them (an embedded ref shows none)."""
    stmt = select(Industry)
    if "role" in args:
        stmt = stmt.where(Industry.roles.any(Role.slug == args["role"]))
    if "q" in args:
        stmt = stmt.where(_text_match(args["q"], Industry.name))
    return _order(stmt, args.get("sort"), {"name": Industry.name, "slug": Industry.slug}, Industry.id)


def skills(args: dict) -> Select:
    """`/v1/skills`: the matching skills, loading what a list row shows."""
    return matching_skills(args).options(selectinload(Skill.roles), selectinload(Skill.source))


def matching_skills(args: dict) -> Select:
    """The skills matching `args`, loading nothing with them."""
    stmt = select(Skill)
    if "category" in args:
        stmt = stmt.where(Skill.category == args["category"])
    if "pay_driver" in args:
        stmt = stmt.where(Skill.pay_driver.is_not(None) if args["pay_driver"] else Skill.pay_driver.is_(None))
    if "role" in args:
        role_exists = exists().where(Role.slug == args["role"])  # an unknown role has no skills
        stmt = stmt.where(Skill.applies_to(Role.slug == args["role"]), role_exists)
    if "q" in args:
        stmt = stmt.where(_text_match(args["q"], Skill.name, Skill.description))
    return _order(stmt, args.get("sort"), {"name": Skill.name, "slug": Skill.slug}, Skill.id)


def sources(args: dict) -> Select:
    stmt = select(Source)
    if "editable" in args:
        stmt = stmt.where(Source.editable.is_(args["editable"]))
    return stmt.order_by(Source.id)


def source_notes(source: Source, args: dict) -> Select:
    stmt = select(SourceNote).where(SourceNote.source_id == source.id)
    if "topic" in args:
        stmt = stmt.where(SourceNote.topic == args["topic"])
    return stmt.order_by(SourceNote.id)


def changes(args: dict) -> Select:
    stmt = select(Change)
    if "resource" in args:
        stmt = stmt.where(Change.resource == args["resource"])
    if "action" in args:
        stmt = stmt.where(Change.action == args["action"])
    if "since" in args:
        stmt = stmt.where(Change.created_at >= args["since"])
    if "until" in args:
        stmt = stmt.where(Change.created_at < args["until"])
    if "after_version" in args:
        stmt = stmt.where(Change.dataset_version > args["after_version"])
    return stmt.order_by(Change.id)
