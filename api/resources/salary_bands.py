"""Salary bands: the published 2026 pay ranges."""

from functools import partial

from flask import url_for
from flask.views import MethodView

from api.domain import pay
from api.ingest import imports
from api.models import SalaryBand
from api.resources.blueprint import Blueprint
from api.schemas.imports import ImportArgsSchema, ImportResultSchema
from api.schemas.salary_bands import (
    PeriodArgsSchema,
    SalaryBandListSchema,
    SalaryBandQueryArgsSchema,
    SalaryBandSchema,
    SalaryBandWriteSchema,
)
from api.store import queries, writes

blp = Blueprint(
    "salary-bands",
    __name__,
    url_prefix="/v1/salary-bands",
    description="Published salary bands, with the guide's words behind each figure.",
)


@blp.route("")
class SalaryBands(MethodView):
    @blp.list_view(SalaryBandQueryArgsSchema, SalaryBandListSchema, SalaryBandSchema)
    def get(self, args):
        """List salary bands

        Filter by role, year, geography, currency, a salary inside the band, or bounds on its
        minimum and maximum; sort by `salary_min`, `salary_max`, `midpoint` or `year`. With
        `period`, each band is also expressed per that period in `converted`.
        """
        return queries.salary_bands(args)._replace(item=partial(pay.converted, args=args))

    @blp.write_view(SalaryBandWriteSchema, SalaryBandSchema, status=201, etag=True)
    def post(self, data):
        """Create a salary band

        Needs a `write` key. Whole positive amounts, `salary_min <= salary_max`, an ISO 4217
        currency, a `year` within its documented bounds; 409 when the role already has a band for that year,
        geography, currency and source.
        """
        band = writes.create(SalaryBand, data)
        return band, {"Location": url_for("salary-bands.SalaryBandById", band_id=band.id)}


@blp.route("/<int(max=2147483647):band_id>")
class SalaryBandById(MethodView):
    @blp.detail_view(SalaryBandSchema, PeriodArgsSchema)
    def get(self, args, band_id):
        """Get a salary band

        One band by its id, with the role, the source and the guide's words behind the figures;
        with `period`, also expressed per that period in `converted`.
        """
        band = queries.one_or_404(SalaryBand, "salary band", id=band_id)
        return pay.converted(band, args)

    @blp.write_view(SalaryBandWriteSchema, SalaryBandSchema, conditional=True, not_found=True)
    def put(self, data, band_id):
        """Replace a salary band

        Every field. Needs a `write` key and the band's current ETag in `If-Match`.
        """
        return writes.update(blp.load_unchanged(SalaryBand, SalaryBandSchema, id=band_id), data)

    @blp.write_view(SalaryBandWriteSchema(partial=True), SalaryBandSchema, conditional=True, not_found=True)
    def patch(self, data, band_id):
        """Change some of a band's fields

        Any subset of the PUT fields; the rules are checked on the result. Needs `If-Match`.
        """
        return writes.update(blp.load_unchanged(SalaryBand, SalaryBandSchema, id=band_id), data)

    @blp.write_view(conditional=True, not_found=True)
    def delete(self, band_id):
        """Delete a salary band

        Needs a `write` key and `If-Match`.
        """
        writes.delete(blp.load_unchanged(SalaryBand, SalaryBandSchema, id=band_id))


@blp.route("/import")
class SalaryBandImport(MethodView):
    @blp.write_view(response_schema=ImportResultSchema, args_schema=ImportArgsSchema, body_types=imports.MEDIA_TYPES)
    def post(self, args):
        """Import salary bands

        CSV (`text/csv`), JSON (an array, or a list response) or NDJSON with the columns the
        export writes, so an export can be edited and imported back. The body is read as a
        stream; every row is validated (422 listing row, field and message, up to 1,000) and all
        rows are upserted by role, year, geography, currency and source in one transaction, or
        none are. With `based_on` (the `X-Dataset-Version` of the export), a row that would undo
        a change made since is a conflict (409, nothing written) unless `on_conflict=overwrite`;
        unchanged rows are not rewritten. `dry_run=true` runs the same writes and rolls them
        back, answering each row's change (before → after) and its conflicts. A writer waiting
        behind an import gets 503 with `Retry-After`. Needs a `write` key.
        """
        return imports.from_request(args)
