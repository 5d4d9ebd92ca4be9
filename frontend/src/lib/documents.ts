import { graphql } from "../gql";

/** What the Updates page shows of a container (also used by the container page's header). */
export const ContainerFieldsFragment = graphql(`
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
    }
    preUpdateCheck {
      script
      passed
      output
    }
    checkedAt
    lastOperation {
      operationId
      operationType
      status
      rollbackOccurred
      newVersion
      oldVersion
    }
  }
`);

export const OperationStartFragment = graphql(`
  fragment OperationStart on OperationStartResult {
    __typename
    ... on OperationStarted {
      operationId
      queued
    }
    ... on UserError {
      message
      code
    }
  }
`);

export const UpdateContainerMutation = graphql(`
  mutation UpdateContainer($input: UpdateContainerInput!) {
    updateContainer(input: $input) {
      ...OperationStart
    }
  }
`);

export const RollbackOperationMutation = graphql(`
  mutation RollbackOperation($input: RollbackOperationInput!) {
    rollbackOperation(input: $input) {
      ...OperationStart
    }
  }
`);

export const FixComposeMismatchMutation = graphql(`
  mutation FixComposeMismatch($input: FixComposeMismatchInput!) {
    fixComposeMismatch(input: $input) {
      ...OperationStart
    }
  }
`);

export const TagOptionsQuery = graphql(`
  query TagOptions($name: String!, $host: String) {
    containerTagOptions(name: $name, host: $host) {
      currentTag
      constraints {
        key
        value
      }
      tags {
        tag
        allowed
        excludedBy
        current
      }
    }
  }
`);
