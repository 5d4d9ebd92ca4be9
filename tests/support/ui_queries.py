"""Documents as the UI's urql client sends them.

The Updates page's query (frontend/src/pages/UpdatesPage.tsx with the
`ContainerFields` fragment of frontend/src/lib/documents.ts), printed by
@urql/core's formatDocument and stringifyDocument: urql adds `__typename` to
every selection set. tests/schema/test_ui_queries.py keeps it in step with
the generated documents; bench/bench_graphql.py measures it.
"""

UI_UPDATES_QUERY = """\
query Updates {
  containers {
    ...ContainerFields
    __typename
  }
  status {
    lastCacheRefresh
    checking
    nextCheck
    __typename
  }
  policies {
    containers {
      container
      host
      canRollback
      lastOperationId
      __typename
    }
    __typename
  }
}
fragment ContainerFields on Container {
  name
  host
  readOnlyReason
  id
  image
  status
  updateAvailable
  stack
  service
  state
  health
  currentTag
  currentVersion
  latestVersion
  latestTag
  changeType
  recommendedTag
  reason
  error
  composeImage
  composeFile
  labelsOutOfSync
  labels {
    key
    value
    __typename
  }
  preUpdateCheck {
    script
    passed
    output
    __typename
  }
  checkedAt
  lastOperation {
    operationId
    operationType
    status
    rollbackOccurred
    newVersion
    oldVersion
    __typename
  }
  __typename
}"""
