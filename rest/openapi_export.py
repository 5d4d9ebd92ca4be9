"""Print the OpenAPI document: `python -m rest.openapi_export > rest/openapi.json`."""

import sys

from rest.app import create_app
from rest.openapi import openapi_json
from services.config import Settings

if __name__ == "__main__":
    sys.stdout.write(openapi_json(create_app(Settings(_env_file=None))))
