"""Human-facing documentation: Swagger UI from locally installed assets, and the spec as YAML."""

from pathlib import Path

import swagger_ui
import yaml
from flask import Blueprint, Response, abort, render_template_string, send_from_directory

from api.extensions import api

SWAGGER_UI_ASSETS = Path(swagger_ui.__file__).resolve().parent / "static"
# Only what the page loads; nothing else in the package is served.
SERVED_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"}

blp = Blueprint("docs", __name__)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }} · documentation</title>
  <link rel="icon" type="image/png" href="{{ url_for('docs.asset', filename='favicon-32x32.png') }}">
  <link rel="stylesheet" href="{{ url_for('docs.asset', filename='swagger-ui.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='docs.css') }}">
  <style>body { margin: 0; } .swagger-ui .topbar { display: none; }</style>
</head>
<body>
  <div id="swagger-ui" data-spec-url="{{ url_for('api-docs.openapi_json') }}"></div>
  <script src="{{ url_for('docs.asset', filename='swagger-ui-bundle.js') }}"></script>
  <script src="{{ url_for('static', filename='docs.js') }}"></script>
</body>
</html>
"""


@blp.get("/docs")
def page():
    return render_template_string(PAGE, title=api.spec.title)


@blp.get("/docs/assets/<path:filename>")
def asset(filename):
    if filename not in SERVED_ASSETS:
        abort(404)
    return send_from_directory(SWAGGER_UI_ASSETS, filename, max_age=86400)


@blp.get("/openapi.yaml")
def openapi_yaml():
    text = yaml.safe_dump(api.spec.to_dict(), sort_keys=False, allow_unicode=True)
    return Response(text, mimetype="application/yaml")
