"""Each REST capability and the GraphQL root field that offers it.

Keys are the operations of the committed OpenAPI document; values are
`Type.field` of the SDL. tests/parity/test_edges.py checks the table both
ways: every REST operation is here, every field named exists, and every
root field is either mapped or listed in `GRAPHQL_ONLY` with its reason.
"""

from __future__ import annotations

CAPABILITIES: dict[str, tuple[str, ...]] = {
    "GET /api/health": ("Query.health",),
    "GET /api/status": ("Query.status",),
    "GET /api/docker-config": ("Query.dockerConfig",),
    "GET /api/check": ("Mutation.checkNow",),
    "POST /api/trigger-check": ("Mutation.triggerCheck",),
    "GET /api/container/{name}/recheck": ("Mutation.recheckContainer",),
    "GET /api/history": ("Query.history",),
    "POST /api/update": ("Mutation.updateContainer",),
    "POST /api/update/batch": ("Mutation.updateContainers",),
    "POST /api/rollback": ("Mutation.rollbackOperation",),
    "POST /api/fix-compose-mismatch/{name}": ("Mutation.fixComposeMismatch",),
    "GET /api/policies": ("Query.policies",),
    "PUT /api/policies": ("Mutation.setRollbackPolicy",),
    "DELETE /api/policies/{entity_type}": ("Mutation.removeRollbackPolicy",),
    "GET /api/operations": ("Query.operations",),
    "GET /api/operations/{operation_id}": ("Query.operation",),
    "POST /api/restart": ("Mutation.restartWithDependants",),
    "POST /api/restart/container/{name}": ("Mutation.restartWithDependants",),
    "POST /api/restart/stack/{name}": ("Mutation.restartStack",),
    "POST /api/restart/start/{name}": (
        "Mutation.restartWithDependants",
        "Subscription.restartProgress",
    ),
    "GET /api/labels/{container}": ("Query.containerLabels",),
    "POST /api/labels/set": ("Mutation.setLabels",),
    "POST /api/labels/remove": ("Mutation.removeLabels",),
    "GET /api/scripts": ("Query.scripts",),
    "GET /api/scripts/assigned": ("Query.scriptAssignments",),
    "POST /api/scripts/assign": ("Mutation.assignScript",),
    "DELETE /api/scripts/assign/{container}": ("Mutation.unassignScript",),
    "GET /api/registry/tags/{image}": ("Query.registryTags",),
    "GET /api/events": ("Subscription.events",),
    "GET /api/explorer": ("Query.explorer",),
    "GET /api/images": ("Query.images",),
    "GET /api/networks": ("Query.networks",),
    "GET /api/volumes": ("Query.volumes",),
    "DELETE /api/images/{image}": ("Mutation.removeImage",),
    "DELETE /api/networks/{network}": ("Mutation.removeNetwork",),
    "DELETE /api/volumes/{name}": ("Mutation.removeVolume",),
    "GET /api/containers/{name}/logs": ("Query.containerLogs",),
    "GET /api/containers/{name}/inspect": ("Query.containerInspect",),
    "GET /api/containers/{name}/stats": ("Query.containerStats",),
    "POST /api/containers/{name}/stop": ("Mutation.stopContainer",),
    "POST /api/containers/{name}/start": ("Mutation.startContainer",),
    "POST /api/containers/{name}/restart": ("Mutation.restartContainer",),
    "DELETE /api/containers/{name}": ("Mutation.removeContainer",),
    "POST /api/prune/containers": ("Mutation.pruneContainers",),
    "POST /api/prune/images": ("Mutation.pruneImages",),
    "POST /api/prune/networks": ("Mutation.pruneNetworks",),
    "POST /api/prune/volumes": ("Mutation.pruneVolumes",),
    "POST /api/prune/system": ("Mutation.pruneSystem",),
    "GET /api/auto-update": ("Query.autoUpdate",),
    "PUT /api/auto-update/policies": ("Mutation.setAutoUpdatePolicy",),
    "DELETE /api/auto-update/policies/{entity_type}": (
        "Mutation.removeAutoUpdatePolicy",
    ),
    "POST /api/auto-update/run": ("Mutation.runAutoUpdate",),
    "GET /api/hosts": ("Query.hosts",),
    "POST /api/hosts": ("Mutation.addHost",),
    "DELETE /api/hosts/{name}": ("Mutation.removeHost",),
    "POST /api/hosts/{name}/test": ("Mutation.testHostConnection",),
    "GET /api/notifications/channels": ("Query.notificationChannels",),
    "POST /api/notifications/channels": ("Mutation.addNotificationChannel",),
    "DELETE /api/notifications/channels/{channel_id}": (
        "Mutation.removeNotificationChannel",
    ),
    "POST /api/notifications/test": ("Mutation.sendTestNotification",),
    "GET /api/auth/session": ("Query.viewer",),
    "GET /api/tokens": ("Query.apiTokens",),
    "POST /api/tokens": ("Mutation.createApiToken",),
    "DELETE /api/tokens/{name}": ("Mutation.revokeApiToken",),
    "GET /api/users": ("Query.users",),
    "PUT /api/users/{name}": ("Mutation.setUserPassword",),
    "DELETE /api/users/{name}": ("Mutation.deleteUser",),
}

# REST routes with no GraphQL field, and why.
REST_ONLY: dict[str, str] = {
    "POST /api/auth/logout": "ends a browser session and clears its cookies",
    "GET /api/auth/oidc/login": "a browser redirect to the OIDC provider",
    "GET /api/auth/oidc/callback": "the OIDC provider's redirect back; sets cookies",
    "POST /api/auth/login": "sets the session cookies (a GraphQL socket signs in with connection_init)",
    "POST /api/auth/ticket": "a ticket for EventSource, which cannot send headers (GraphQL sockets send a token)",
}

# Root fields with no REST route, and why.
GRAPHQL_ONLY: dict[str, str] = {
    "Query.validateLabels": "the UI's label editor checks a change before saving",
    "Query.containerTagOptions": "the UI's version picker",
    "Query.containers": "the last check's results without running one (REST: GET /api/check runs it)",
    "Query.container": "one container of the last check",
    "Query.stacks": "compose stacks and their containers",
    "Query.policyScope": "the UI's policy editors: settings in force and the level deciding each",
    "Query.host": "one Docker host (REST: GET /api/hosts lists them)",
    "Query.scriptsFolder": "the UI's script picker says why it is empty "
    "(REST: GET /api/scripts is the seed's bare list)",
    "Subscription.operationProgress": "one operation's progress (REST: GET /api/events)",
    "Subscription.checkProgress": "check progress (REST: GET /api/events)",
    "Subscription.containerLogs": "a followed log",
    "Subscription.containerStats": "a stats stream",
}
