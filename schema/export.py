"""Print the SDL: `python -m schema.export > schema/schema.graphql`."""

from schema import build_schema


def sdl() -> str:
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(sdl())
