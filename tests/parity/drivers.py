"""One driver interface over both edges, for tests that run the same scenario
through REST and GraphQL and compare what a client would see.

Every call returns an `Outcome`: either the data (normalised to snake_case
keys) or the error code and message. A GraphQL lookup that answers `null`
is `NOT_FOUND`, as REST's 404 is. The GraphQL documents live in `GQL`, in
one place, so a schema change is one edit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

import httpx


@dataclass(frozen=True)
class Outcome:
    ok: bool
    data: Any = None
    code: str | None = None
    message: str | None = None

    @classmethod
    def error(cls, code: str, message: str | None) -> Outcome:
        return cls(ok=False, code=code, message=message)


class Driver(Protocol):
    edge: str

    async def update_container(
        self, container: str, version: str | None = None
    ) -> Outcome: ...
    async def rollback(self, operation_id: str) -> Outcome: ...
    async def operation(self, operation_id: str) -> Outcome: ...
    async def set_labels(self, container: str, labels: dict[str, str]) -> Outcome: ...
    async def remove_labels(self, container: str, labels: list[str]) -> Outcome: ...
    async def container_labels(self, container: str) -> Outcome: ...
    async def restart(self, container: str) -> Outcome: ...
    async def restart_stack(self, stack: str) -> Outcome: ...
    async def stop_container(self, container: str, timeout: int) -> Outcome: ...
    async def remove_image(self, image: str) -> Outcome: ...
    async def registry_tags(self, image: str) -> Outcome: ...
    async def assign_script(self, container: str, script: str) -> Outcome: ...
    async def set_policy(self, entity_type: str, entity_id: str) -> Outcome: ...


def snake(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): snake(v)
            for k, v in value.items()
            if k != "__typename"
        }
    if isinstance(value, list):
        return [snake(v) for v in value]
    return value


class RestDriver:
    edge = "rest"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def _call(self, method: str, url: str, **kwargs: Any) -> Outcome:
        response = await self.client.request(method, url, **kwargs)
        body = response.json()
        if response.status_code == 200:
            return Outcome(ok=True, data=body["data"])
        return Outcome.error(body["error"]["code"], body["error"]["message"])

    async def update_container(self, container, version=None):
        body = {"container": container, "version": version}
        return await self._call("POST", "/api/update", json=body)

    async def rollback(self, operation_id):
        body = {"operation_id": operation_id}
        return await self._call("POST", "/api/rollback", json=body)

    async def operation(self, operation_id):
        return await self._call("GET", f"/api/operations/{operation_id}")

    async def set_labels(self, container, labels):
        body = {"container": container, "labels": labels}
        return await self._call("POST", "/api/labels/set", json=body)

    async def remove_labels(self, container, labels):
        body = {"container": container, "labels": labels}
        return await self._call("POST", "/api/labels/remove", json=body)

    async def container_labels(self, container):
        outcome = await self._call("GET", f"/api/labels/{container}")
        if outcome.ok:
            return Outcome(ok=True, data=outcome.data["labels"])
        return outcome

    async def restart(self, container):
        return await self._call("POST", "/api/restart", json={"container": container})

    async def restart_stack(self, stack):
        return await self._call("POST", f"/api/restart/stack/{stack}")

    async def stop_container(self, container, timeout):
        return await self._call(
            "POST", f"/api/containers/{container}/stop", params={"timeout": timeout}
        )

    async def remove_image(self, image):
        return await self._call("DELETE", f"/api/images/{image}")

    async def registry_tags(self, image):
        outcome = await self._call("GET", f"/api/registry/tags/{image}")
        if outcome.ok:
            return Outcome(ok=True, data=sorted(outcome.data["tags"]))
        return outcome

    async def assign_script(self, container, script):
        body = {"container": container, "script": script}
        return await self._call("POST", "/api/scripts/assign", json=body)

    async def set_policy(self, entity_type, entity_id):
        body = {"entity_type": entity_type, "entity_id": entity_id}
        return await self._call("PUT", "/api/policies", json=body)


_ERROR = "... on UserError { message code }"
_STARTED = f"__typename ... on OperationStarted {{ operationId }} {_ERROR}"

# Every GraphQL document the driver sends: (document, root field).
GQL: dict[str, str] = {
    "update_container": f"""mutation($input: UpdateContainerInput!) {{
        updateContainer(input: $input) {{ {_STARTED} }} }}""",
    "rollback": f"""mutation($input: RollbackOperationInput!) {{
        rollbackOperation(input: $input) {{ {_STARTED} }} }}""",
    "operation": """query($id: String!) {
        operation(id: $id) { operationId status } }""",
    "set_labels": f"""mutation($input: SetLabelsInput!) {{
        setLabels(input: $input) {{ {_STARTED} }} }}""",
    "remove_labels": f"""mutation($input: RemoveLabelsInput!) {{
        removeLabels(input: $input) {{ {_STARTED} }} }}""",
    "container_labels": """query($name: String!) {
        containerLabels(name: $name) { labels { key value } } }""",
    "restart": f"""mutation($input: RestartWithDependantsInput!) {{
        restartWithDependants(input: $input) {{ {_STARTED} }} }}""",
    "restart_stack": f"""mutation($input: RestartStackInput!) {{
        restartStack(input: $input) {{ {_STARTED} }} }}""",
    "stop_container": f"""mutation($input: StopContainerInput!) {{
        stopContainer(input: $input) {{
            __typename ... on ContainerActionSuccess {{ container status }} {_ERROR}
        }} }}""",
    "remove_image": f"""mutation($input: RemoveImageInput!) {{
        removeImage(input: $input) {{
            __typename ... on ImageRemoved {{ image untagged }} {_ERROR} }} }}""",
    "registry_tags": """query($image: String!) {
        registryTags(image: $image) { tags } }""",
    "assign_script": f"""mutation($input: AssignScriptInput!) {{
        assignScript(input: $input) {{
            __typename ... on ScriptAssignment {{ containerName scriptPath }} {_ERROR}
        }} }}""",
    "set_policy": f"""mutation($input: SetRollbackPolicyInput!) {{
        setRollbackPolicy(input: $input) {{
            __typename ... on RollbackPolicy {{ entityType entityId }} {_ERROR}
        }} }}""",
}


class GraphQLDriver:
    edge = "graphql"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def _call(self, document: str, **variables: Any) -> Outcome:
        response = await self.client.post(
            "/graphql", json={"query": GQL[document], "variables": variables}
        )
        body = response.json()
        if body.get("errors"):
            error = body["errors"][0]
            code = (error.get("extensions") or {}).get("code", "GRAPHQL_ERROR")
            return Outcome.error(code, error["message"])
        [value] = body["data"].values()
        if value is None:
            return Outcome.error("NOT_FOUND", None)
        if isinstance(value, dict) and "code" in value and "message" in value:
            return Outcome.error(value["code"], value["message"])
        return Outcome(ok=True, data=snake(value))

    async def update_container(self, container, version=None):
        data = {"container": container, "version": version}
        return await self._call("update_container", input=data)

    async def rollback(self, operation_id):
        return await self._call("rollback", input={"operationId": operation_id})

    async def operation(self, operation_id):
        return await self._call("operation", id=operation_id)

    async def set_labels(self, container, labels):
        pairs = [{"key": k, "value": v} for k, v in labels.items()]
        return await self._call(
            "set_labels", input={"container": container, "labels": pairs}
        )

    async def remove_labels(self, container, labels):
        data = {"container": container, "labels": labels}
        return await self._call("remove_labels", input=data)

    async def container_labels(self, container):
        outcome = await self._call("container_labels", name=container)
        if outcome.ok:
            labels = {p["key"]: p["value"] for p in outcome.data["labels"]}
            return Outcome(ok=True, data=labels)
        return outcome

    async def restart(self, container):
        return await self._call("restart", input={"container": container})

    async def restart_stack(self, stack):
        return await self._call("restart_stack", input={"stack": stack})

    async def stop_container(self, container, timeout):
        data = {"container": container, "timeout": timeout}
        return await self._call("stop_container", input=data)

    async def remove_image(self, image):
        return await self._call("remove_image", input={"image": image})

    async def registry_tags(self, image):
        outcome = await self._call("registry_tags", image=image)
        if outcome.ok:
            return Outcome(ok=True, data=sorted(outcome.data["tags"]))
        return outcome

    async def assign_script(self, container, script):
        data = {"container": container, "script": script}
        return await self._call("assign_script", input=data)

    async def set_policy(self, entity_type, entity_id):
        data = {"entityType": entity_type.upper(), "entityId": entity_id}
        return await self._call("set_policy", input=data)
