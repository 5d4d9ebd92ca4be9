#!/bin/sh
# The image's entry point. The server runs without docstrings (python -OO:
# about 4 MB less resident, docs/deploy.md); they are only the command
# line's help, so every other command (and `serve --help`) keeps them.
case " $* " in
  *" --help "* | *" -h "*) exec docksmith "$@" ;;
esac
case "${1:-serve}" in
  serve) exec /opt/docksmith/bin/python3 -OO -m rest.cli "$@" ;;
  *) exec docksmith "$@" ;;
esac
