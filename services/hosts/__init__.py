"""Docker hosts: the engines Docksmith manages, each known by a short name.

Container identity is (host, name) everywhere. The engine Docksmith runs
next to (`DOCKER_HOST` or the default socket) is the host named
`DEFAULT_HOST`; code that predates several hosts keeps working on it by
leaving the host argument out. (Kept free of imports: the store's models
read it.)
"""

DEFAULT_HOST = "local"
