/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Health {\n    health {\n      status\n      version\n      services {\n        docker\n        storage\n      }\n    }\n  }\n": typeof types.HealthDocument,
    "\n  query ApiTokens {\n    apiTokens {\n      name\n      scope\n      createdBy\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreatedApiToken {\n        token\n        apiToken {\n          name\n          scope\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($input: RevokeApiTokenInput!) {\n    revokeApiToken(input: $input) {\n      __typename\n      ... on RevokedApiToken {\n        name\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query LocalUsers {\n    users {\n      name\n      fromSetting\n    }\n  }\n": typeof types.LocalUsersDocument,
    "\n  mutation SetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on UserPasswordSet {\n        name\n        created\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.SetUserPasswordDocument,
    "\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeletedUser {\n        name\n        revokedTokens\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.DeleteUserDocument,
    "\n  query ContainerLogs($name: String!, $host: String, $tail: Int) {\n    containerLogs(name: $name, host: $host, tail: $tail, timestamps: true) {\n      container\n      lines {\n        timestamp\n        text\n      }\n    }\n  }\n": typeof types.ContainerLogsDocument,
    "\n  subscription ContainerLogsFollow($name: String!, $host: String, $tail: Int!) {\n    containerLogs(name: $name, host: $host, tail: $tail) {\n      timestamp\n      text\n    }\n  }\n": typeof types.ContainerLogsFollowDocument,
    "\n  subscription ContainerStatsFollow($name: String!, $host: String) {\n    containerStats(name: $name, host: $host) {\n      readAt\n      cpuPercent\n      memoryUsage\n      memoryLimit\n      memoryPercent\n      networkRx\n      networkTx\n      pids\n    }\n  }\n": typeof types.ContainerStatsFollowDocument,
    "\n  mutation TriggerCheck {\n    triggerCheck {\n      message\n    }\n  }\n": typeof types.TriggerCheckDocument,
    "\n  subscription CheckProgressSub {\n    checkProgress {\n      phase\n      total\n      checked\n      percent\n      message\n      containerName\n      at\n    }\n  }\n": typeof types.CheckProgressSubDocument,
    "\n  fragment ContainerFields on Container {\n    name\n    host\n    readOnlyReason\n    id\n    image\n    status\n    updateAvailable\n    stack\n    service\n    state\n    health\n    currentTag\n    currentVersion\n    latestVersion\n    latestTag\n    changeType\n    recommendedTag\n    reason\n    error\n    composeImage\n    composeFile\n    labelsOutOfSync\n    labels {\n      key\n      value\n    }\n    preUpdateCheck {\n      script\n      passed\n      output\n    }\n    checkedAt\n    lastOperation {\n      operationId\n      operationType\n      status\n      rollbackOccurred\n      newVersion\n      oldVersion\n    }\n  }\n": typeof types.ContainerFieldsFragmentDoc,
    "\n  fragment OperationStart on OperationStartResult {\n    __typename\n    ... on OperationStarted {\n      operationId\n      queued\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n": typeof types.OperationStartFragmentDoc,
    "\n  mutation UpdateContainer($input: UpdateContainerInput!) {\n    updateContainer(input: $input) {\n      ...OperationStart\n    }\n  }\n": typeof types.UpdateContainerDocument,
    "\n  mutation RollbackOperation($input: RollbackOperationInput!) {\n    rollbackOperation(input: $input) {\n      ...OperationStart\n    }\n  }\n": typeof types.RollbackOperationDocument,
    "\n  mutation FixComposeMismatch($input: FixComposeMismatchInput!) {\n    fixComposeMismatch(input: $input) {\n      ...OperationStart\n    }\n  }\n": typeof types.FixComposeMismatchDocument,
    "\n  query ContainerPage($name: String!, $host: String) {\n    container(name: $name, host: $host) {\n      ...ContainerFields\n    }\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      startedAt\n      stack\n      service\n      labels {\n        key\n        value\n      }\n    }\n  }\n": typeof types.ContainerPageDocument,
    "\n  query ContainerInspectFull($name: String!, $host: String) {\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      exitCode\n      startedAt\n      finishedAt\n      created\n      stack\n      service\n      labels {\n        key\n        value\n      }\n      env\n      command\n      entrypoint\n      workingDir\n      user\n      hostname\n      mounts {\n        type\n        name\n        source\n        destination\n        rw\n      }\n      networkMode\n      networks\n      ports {\n        containerPort\n        protocol\n        hostIp\n        hostPort\n      }\n      restartPolicy {\n        name\n        maximumRetryCount\n      }\n      healthcheck {\n        test\n        intervalNs\n        timeoutNs\n        startPeriodNs\n        retries\n      }\n      platform\n    }\n  }\n": typeof types.ContainerInspectFullDocument,
    "\n  query ValidateLabels($input: ValidateLabelsInput!) {\n    validateLabels(input: $input) {\n      valid\n      problems {\n        label\n        message\n      }\n    }\n  }\n": typeof types.ValidateLabelsDocument,
    "\n  mutation SetLabels($input: SetLabelsInput!) {\n    setLabels(input: $input) {\n      ...OperationStart\n    }\n  }\n": typeof types.SetLabelsDocument,
    "\n  query Scripts {\n    scripts {\n      relativePath\n      executable\n    }\n    scriptAssignments {\n      containerName\n      host\n      scriptPath\n      enabled\n    }\n  }\n": typeof types.ScriptsDocument,
    "\n  mutation AssignScript($input: AssignScriptInput!) {\n    assignScript(input: $input) {\n      __typename\n      ... on ScriptAssignment {\n        containerName\n        scriptPath\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.AssignScriptDocument,
    "\n  mutation UnassignScript($input: UnassignScriptInput!) {\n    unassignScript(input: $input) {\n      __typename\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.UnassignScriptDocument,
    "\n  fragment ActionFields on ContainerActionResult {\n    __typename\n    ... on ContainerActionSuccess {\n      status\n      operationId\n      message\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n": typeof types.ActionFieldsFragmentDoc,
    "\n  mutation StartContainer($input: StartContainerInput!) {\n    startContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": typeof types.StartContainerDocument,
    "\n  mutation StopContainer($input: StopContainerInput!) {\n    stopContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": typeof types.StopContainerDocument,
    "\n  mutation RestartContainer($input: RestartContainerInput!) {\n    restartContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": typeof types.RestartContainerDocument,
    "\n  mutation RemoveContainer($input: RemoveContainerInput!) {\n    removeContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": typeof types.RemoveContainerDocument,
    "\n  query Explorer($host: String) {\n    hosts {\n      name\n    }\n    explorer(host: $host) {\n      images {\n        id\n        tags\n        size\n        created\n        containers\n        inUse\n        dangling\n      }\n      networks {\n        id\n        name\n        driver\n        scope\n        internal\n        builtin\n        stack\n        containers\n        created\n      }\n      volumes {\n        name\n        driver\n        stack\n        containers\n        size\n        created\n      }\n    }\n  }\n": typeof types.ExplorerDocument,
    "\n  mutation RemoveImage($input: RemoveImageInput!) {\n    removeImage(input: $input) {\n      __typename\n      ... on ImageRemoved {\n        image\n        untagged\n        deleted\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RemoveImageDocument,
    "\n  mutation RemoveNetwork($input: RemoveNetworkInput!) {\n    removeNetwork(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RemoveNetworkDocument,
    "\n  mutation RemoveVolume($input: RemoveVolumeInput!) {\n    removeVolume(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RemoveVolumeDocument,
    "\n  fragment PrunedFields on PruneResult {\n    __typename\n    ... on Pruned {\n      kind\n      count\n      spaceReclaimed\n      deleted\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n": typeof types.PrunedFieldsFragmentDoc,
    "\n  mutation PruneImages($input: PruneImagesInput) {\n    pruneImages(input: $input) {\n      ...PrunedFields\n    }\n  }\n": typeof types.PruneImagesDocument,
    "\n  mutation PruneNetworks($input: PruneInput) {\n    pruneNetworks(input: $input) {\n      ...PrunedFields\n    }\n  }\n": typeof types.PruneNetworksDocument,
    "\n  mutation PruneVolumes($input: PruneInput) {\n    pruneVolumes(input: $input) {\n      ...PrunedFields\n    }\n  }\n": typeof types.PruneVolumesDocument,
    "\n  query History($filter: OperationFilter, $first: Int!, $after: String) {\n    operations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          operationId\n          operationType\n          status\n          containerName\n          host\n          stackName\n          oldVersion\n          newVersion\n          errorMessage\n          rollbackOccurred\n          batchGroupId\n          startedBy\n          startedAt\n          completedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    hosts {\n      name\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n": typeof types.HistoryDocument,
    "\n  query OperationLog($id: String!) {\n    operation(id: $id) {\n      operationId\n      log {\n        at\n        level\n        message\n      }\n    }\n  }\n": typeof types.OperationLogDocument,
    "\n  fragment OperationFields on Operation {\n    operationId\n    operationType\n    status\n    stage\n    containerName\n    host\n    stackName\n    oldVersion\n    newVersion\n    errorMessage\n    batchGroupId\n    batchDetails\n    rollbackOccurred\n    rollbackOf\n    startedAt\n    completedAt\n    log {\n      at\n      level\n      message\n    }\n  }\n": typeof types.OperationFieldsFragmentDoc,
    "\n  query Operation($id: String!) {\n    operation(id: $id) {\n      ...OperationFields\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n": typeof types.OperationDocument,
    "\n  subscription OperationProgressSub($id: String!) {\n    operationProgress(operationId: $id) {\n      __typename\n      ... on OperationProgress {\n        operationId\n        containerName\n        stage\n        progress\n        message\n        at\n      }\n      ... on OperationFinished {\n        operationId\n        containerName\n        status\n        error\n        at\n      }\n    }\n  }\n": typeof types.OperationProgressSubDocument,
    "\n  query Settings {\n    health {\n      version\n      status\n    }\n    status {\n      checkInterval\n      cacheTtl\n      lastBackgroundRun\n      nextCheck\n    }\n    dockerConfig {\n      configPath\n      configFound\n      registries\n      credHelpers {\n        key\n        value\n      }\n      credsStore\n      githubToken\n      error\n      dockerHost\n      insecureRegistries\n      rateLimits\n      registriesInUse {\n        registry\n        containers\n        credentialsFound\n        credentialSource\n      }\n    }\n    policies {\n      policies {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n        updatedAt\n      }\n    }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation SetRollbackPolicy($input: SetRollbackPolicyInput!) {\n    setRollbackPolicy(input: $input) {\n      __typename\n      ... on RollbackPolicy {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.SetRollbackPolicyDocument,
    "\n  query Updates {\n    containers {\n      ...ContainerFields\n    }\n    status {\n      lastCacheRefresh\n      checking\n      nextCheck\n    }\n    policies {\n      containers {\n        container\n        host\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n": typeof types.UpdatesDocument,
    "\n  mutation UpdateContainers($input: UpdateContainersInput!) {\n    updateContainers(input: $input) {\n      __typename\n      ... on BatchUpdateStarted {\n        batchGroupId\n        operations {\n          stack\n          operationId\n          containers\n        }\n        skipped {\n          container\n          reason\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateContainersDocument,
    "\n  mutation Recheck($input: RecheckContainerInput!) {\n    recheckContainer(input: $input) {\n      __typename\n      ... on Container {\n        ...ContainerFields\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RecheckDocument,
    "\n  query TagOptions($name: String!) {\n    containerTagOptions(name: $name) {\n      currentTag\n      constraints {\n        key\n        value\n      }\n      tags {\n        tag\n        allowed\n        excludedBy\n        current\n      }\n    }\n  }\n": typeof types.TagOptionsDocument,
};
const documents: Documents = {
    "\n  query Health {\n    health {\n      status\n      version\n      services {\n        docker\n        storage\n      }\n    }\n  }\n": types.HealthDocument,
    "\n  query ApiTokens {\n    apiTokens {\n      name\n      scope\n      createdBy\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreatedApiToken {\n        token\n        apiToken {\n          name\n          scope\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($input: RevokeApiTokenInput!) {\n    revokeApiToken(input: $input) {\n      __typename\n      ... on RevokedApiToken {\n        name\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query LocalUsers {\n    users {\n      name\n      fromSetting\n    }\n  }\n": types.LocalUsersDocument,
    "\n  mutation SetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on UserPasswordSet {\n        name\n        created\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.SetUserPasswordDocument,
    "\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeletedUser {\n        name\n        revokedTokens\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.DeleteUserDocument,
    "\n  query ContainerLogs($name: String!, $host: String, $tail: Int) {\n    containerLogs(name: $name, host: $host, tail: $tail, timestamps: true) {\n      container\n      lines {\n        timestamp\n        text\n      }\n    }\n  }\n": types.ContainerLogsDocument,
    "\n  subscription ContainerLogsFollow($name: String!, $host: String, $tail: Int!) {\n    containerLogs(name: $name, host: $host, tail: $tail) {\n      timestamp\n      text\n    }\n  }\n": types.ContainerLogsFollowDocument,
    "\n  subscription ContainerStatsFollow($name: String!, $host: String) {\n    containerStats(name: $name, host: $host) {\n      readAt\n      cpuPercent\n      memoryUsage\n      memoryLimit\n      memoryPercent\n      networkRx\n      networkTx\n      pids\n    }\n  }\n": types.ContainerStatsFollowDocument,
    "\n  mutation TriggerCheck {\n    triggerCheck {\n      message\n    }\n  }\n": types.TriggerCheckDocument,
    "\n  subscription CheckProgressSub {\n    checkProgress {\n      phase\n      total\n      checked\n      percent\n      message\n      containerName\n      at\n    }\n  }\n": types.CheckProgressSubDocument,
    "\n  fragment ContainerFields on Container {\n    name\n    host\n    readOnlyReason\n    id\n    image\n    status\n    updateAvailable\n    stack\n    service\n    state\n    health\n    currentTag\n    currentVersion\n    latestVersion\n    latestTag\n    changeType\n    recommendedTag\n    reason\n    error\n    composeImage\n    composeFile\n    labelsOutOfSync\n    labels {\n      key\n      value\n    }\n    preUpdateCheck {\n      script\n      passed\n      output\n    }\n    checkedAt\n    lastOperation {\n      operationId\n      operationType\n      status\n      rollbackOccurred\n      newVersion\n      oldVersion\n    }\n  }\n": types.ContainerFieldsFragmentDoc,
    "\n  fragment OperationStart on OperationStartResult {\n    __typename\n    ... on OperationStarted {\n      operationId\n      queued\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n": types.OperationStartFragmentDoc,
    "\n  mutation UpdateContainer($input: UpdateContainerInput!) {\n    updateContainer(input: $input) {\n      ...OperationStart\n    }\n  }\n": types.UpdateContainerDocument,
    "\n  mutation RollbackOperation($input: RollbackOperationInput!) {\n    rollbackOperation(input: $input) {\n      ...OperationStart\n    }\n  }\n": types.RollbackOperationDocument,
    "\n  mutation FixComposeMismatch($input: FixComposeMismatchInput!) {\n    fixComposeMismatch(input: $input) {\n      ...OperationStart\n    }\n  }\n": types.FixComposeMismatchDocument,
    "\n  query ContainerPage($name: String!, $host: String) {\n    container(name: $name, host: $host) {\n      ...ContainerFields\n    }\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      startedAt\n      stack\n      service\n      labels {\n        key\n        value\n      }\n    }\n  }\n": types.ContainerPageDocument,
    "\n  query ContainerInspectFull($name: String!, $host: String) {\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      exitCode\n      startedAt\n      finishedAt\n      created\n      stack\n      service\n      labels {\n        key\n        value\n      }\n      env\n      command\n      entrypoint\n      workingDir\n      user\n      hostname\n      mounts {\n        type\n        name\n        source\n        destination\n        rw\n      }\n      networkMode\n      networks\n      ports {\n        containerPort\n        protocol\n        hostIp\n        hostPort\n      }\n      restartPolicy {\n        name\n        maximumRetryCount\n      }\n      healthcheck {\n        test\n        intervalNs\n        timeoutNs\n        startPeriodNs\n        retries\n      }\n      platform\n    }\n  }\n": types.ContainerInspectFullDocument,
    "\n  query ValidateLabels($input: ValidateLabelsInput!) {\n    validateLabels(input: $input) {\n      valid\n      problems {\n        label\n        message\n      }\n    }\n  }\n": types.ValidateLabelsDocument,
    "\n  mutation SetLabels($input: SetLabelsInput!) {\n    setLabels(input: $input) {\n      ...OperationStart\n    }\n  }\n": types.SetLabelsDocument,
    "\n  query Scripts {\n    scripts {\n      relativePath\n      executable\n    }\n    scriptAssignments {\n      containerName\n      host\n      scriptPath\n      enabled\n    }\n  }\n": types.ScriptsDocument,
    "\n  mutation AssignScript($input: AssignScriptInput!) {\n    assignScript(input: $input) {\n      __typename\n      ... on ScriptAssignment {\n        containerName\n        scriptPath\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.AssignScriptDocument,
    "\n  mutation UnassignScript($input: UnassignScriptInput!) {\n    unassignScript(input: $input) {\n      __typename\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.UnassignScriptDocument,
    "\n  fragment ActionFields on ContainerActionResult {\n    __typename\n    ... on ContainerActionSuccess {\n      status\n      operationId\n      message\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n": types.ActionFieldsFragmentDoc,
    "\n  mutation StartContainer($input: StartContainerInput!) {\n    startContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": types.StartContainerDocument,
    "\n  mutation StopContainer($input: StopContainerInput!) {\n    stopContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": types.StopContainerDocument,
    "\n  mutation RestartContainer($input: RestartContainerInput!) {\n    restartContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": types.RestartContainerDocument,
    "\n  mutation RemoveContainer($input: RemoveContainerInput!) {\n    removeContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n": types.RemoveContainerDocument,
    "\n  query Explorer($host: String) {\n    hosts {\n      name\n    }\n    explorer(host: $host) {\n      images {\n        id\n        tags\n        size\n        created\n        containers\n        inUse\n        dangling\n      }\n      networks {\n        id\n        name\n        driver\n        scope\n        internal\n        builtin\n        stack\n        containers\n        created\n      }\n      volumes {\n        name\n        driver\n        stack\n        containers\n        size\n        created\n      }\n    }\n  }\n": types.ExplorerDocument,
    "\n  mutation RemoveImage($input: RemoveImageInput!) {\n    removeImage(input: $input) {\n      __typename\n      ... on ImageRemoved {\n        image\n        untagged\n        deleted\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.RemoveImageDocument,
    "\n  mutation RemoveNetwork($input: RemoveNetworkInput!) {\n    removeNetwork(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.RemoveNetworkDocument,
    "\n  mutation RemoveVolume($input: RemoveVolumeInput!) {\n    removeVolume(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.RemoveVolumeDocument,
    "\n  fragment PrunedFields on PruneResult {\n    __typename\n    ... on Pruned {\n      kind\n      count\n      spaceReclaimed\n      deleted\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n": types.PrunedFieldsFragmentDoc,
    "\n  mutation PruneImages($input: PruneImagesInput) {\n    pruneImages(input: $input) {\n      ...PrunedFields\n    }\n  }\n": types.PruneImagesDocument,
    "\n  mutation PruneNetworks($input: PruneInput) {\n    pruneNetworks(input: $input) {\n      ...PrunedFields\n    }\n  }\n": types.PruneNetworksDocument,
    "\n  mutation PruneVolumes($input: PruneInput) {\n    pruneVolumes(input: $input) {\n      ...PrunedFields\n    }\n  }\n": types.PruneVolumesDocument,
    "\n  query History($filter: OperationFilter, $first: Int!, $after: String) {\n    operations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          operationId\n          operationType\n          status\n          containerName\n          host\n          stackName\n          oldVersion\n          newVersion\n          errorMessage\n          rollbackOccurred\n          batchGroupId\n          startedBy\n          startedAt\n          completedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    hosts {\n      name\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n": types.HistoryDocument,
    "\n  query OperationLog($id: String!) {\n    operation(id: $id) {\n      operationId\n      log {\n        at\n        level\n        message\n      }\n    }\n  }\n": types.OperationLogDocument,
    "\n  fragment OperationFields on Operation {\n    operationId\n    operationType\n    status\n    stage\n    containerName\n    host\n    stackName\n    oldVersion\n    newVersion\n    errorMessage\n    batchGroupId\n    batchDetails\n    rollbackOccurred\n    rollbackOf\n    startedAt\n    completedAt\n    log {\n      at\n      level\n      message\n    }\n  }\n": types.OperationFieldsFragmentDoc,
    "\n  query Operation($id: String!) {\n    operation(id: $id) {\n      ...OperationFields\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n": types.OperationDocument,
    "\n  subscription OperationProgressSub($id: String!) {\n    operationProgress(operationId: $id) {\n      __typename\n      ... on OperationProgress {\n        operationId\n        containerName\n        stage\n        progress\n        message\n        at\n      }\n      ... on OperationFinished {\n        operationId\n        containerName\n        status\n        error\n        at\n      }\n    }\n  }\n": types.OperationProgressSubDocument,
    "\n  query Settings {\n    health {\n      version\n      status\n    }\n    status {\n      checkInterval\n      cacheTtl\n      lastBackgroundRun\n      nextCheck\n    }\n    dockerConfig {\n      configPath\n      configFound\n      registries\n      credHelpers {\n        key\n        value\n      }\n      credsStore\n      githubToken\n      error\n      dockerHost\n      insecureRegistries\n      rateLimits\n      registriesInUse {\n        registry\n        containers\n        credentialsFound\n        credentialSource\n      }\n    }\n    policies {\n      policies {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n        updatedAt\n      }\n    }\n  }\n": types.SettingsDocument,
    "\n  mutation SetRollbackPolicy($input: SetRollbackPolicyInput!) {\n    setRollbackPolicy(input: $input) {\n      __typename\n      ... on RollbackPolicy {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.SetRollbackPolicyDocument,
    "\n  query Updates {\n    containers {\n      ...ContainerFields\n    }\n    status {\n      lastCacheRefresh\n      checking\n      nextCheck\n    }\n    policies {\n      containers {\n        container\n        host\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n": types.UpdatesDocument,
    "\n  mutation UpdateContainers($input: UpdateContainersInput!) {\n    updateContainers(input: $input) {\n      __typename\n      ... on BatchUpdateStarted {\n        batchGroupId\n        operations {\n          stack\n          operationId\n          containers\n        }\n        skipped {\n          container\n          reason\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.UpdateContainersDocument,
    "\n  mutation Recheck($input: RecheckContainerInput!) {\n    recheckContainer(input: $input) {\n      __typename\n      ... on Container {\n        ...ContainerFields\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n": types.RecheckDocument,
    "\n  query TagOptions($name: String!) {\n    containerTagOptions(name: $name) {\n      currentTag\n      constraints {\n        key\n        value\n      }\n      tags {\n        tag\n        allowed\n        excludedBy\n        current\n      }\n    }\n  }\n": types.TagOptionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Health {\n    health {\n      status\n      version\n      services {\n        docker\n        storage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Health {\n    health {\n      status\n      version\n      services {\n        docker\n        storage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      name\n      scope\n      createdBy\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens {\n      name\n      scope\n      createdBy\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreatedApiToken {\n        token\n        apiToken {\n          name\n          scope\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreatedApiToken {\n        token\n        apiToken {\n          name\n          scope\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($input: RevokeApiTokenInput!) {\n    revokeApiToken(input: $input) {\n      __typename\n      ... on RevokedApiToken {\n        name\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($input: RevokeApiTokenInput!) {\n    revokeApiToken(input: $input) {\n      __typename\n      ... on RevokedApiToken {\n        name\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LocalUsers {\n    users {\n      name\n      fromSetting\n    }\n  }\n"): (typeof documents)["\n  query LocalUsers {\n    users {\n      name\n      fromSetting\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on UserPasswordSet {\n        name\n        created\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on UserPasswordSet {\n        name\n        created\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeletedUser {\n        name\n        revokedTokens\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeletedUser {\n        name\n        revokedTokens\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContainerLogs($name: String!, $host: String, $tail: Int) {\n    containerLogs(name: $name, host: $host, tail: $tail, timestamps: true) {\n      container\n      lines {\n        timestamp\n        text\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContainerLogs($name: String!, $host: String, $tail: Int) {\n    containerLogs(name: $name, host: $host, tail: $tail, timestamps: true) {\n      container\n      lines {\n        timestamp\n        text\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ContainerLogsFollow($name: String!, $host: String, $tail: Int!) {\n    containerLogs(name: $name, host: $host, tail: $tail) {\n      timestamp\n      text\n    }\n  }\n"): (typeof documents)["\n  subscription ContainerLogsFollow($name: String!, $host: String, $tail: Int!) {\n    containerLogs(name: $name, host: $host, tail: $tail) {\n      timestamp\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ContainerStatsFollow($name: String!, $host: String) {\n    containerStats(name: $name, host: $host) {\n      readAt\n      cpuPercent\n      memoryUsage\n      memoryLimit\n      memoryPercent\n      networkRx\n      networkTx\n      pids\n    }\n  }\n"): (typeof documents)["\n  subscription ContainerStatsFollow($name: String!, $host: String) {\n    containerStats(name: $name, host: $host) {\n      readAt\n      cpuPercent\n      memoryUsage\n      memoryLimit\n      memoryPercent\n      networkRx\n      networkTx\n      pids\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriggerCheck {\n    triggerCheck {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation TriggerCheck {\n    triggerCheck {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CheckProgressSub {\n    checkProgress {\n      phase\n      total\n      checked\n      percent\n      message\n      containerName\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription CheckProgressSub {\n    checkProgress {\n      phase\n      total\n      checked\n      percent\n      message\n      containerName\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContainerFields on Container {\n    name\n    host\n    readOnlyReason\n    id\n    image\n    status\n    updateAvailable\n    stack\n    service\n    state\n    health\n    currentTag\n    currentVersion\n    latestVersion\n    latestTag\n    changeType\n    recommendedTag\n    reason\n    error\n    composeImage\n    composeFile\n    labelsOutOfSync\n    labels {\n      key\n      value\n    }\n    preUpdateCheck {\n      script\n      passed\n      output\n    }\n    checkedAt\n    lastOperation {\n      operationId\n      operationType\n      status\n      rollbackOccurred\n      newVersion\n      oldVersion\n    }\n  }\n"): (typeof documents)["\n  fragment ContainerFields on Container {\n    name\n    host\n    readOnlyReason\n    id\n    image\n    status\n    updateAvailable\n    stack\n    service\n    state\n    health\n    currentTag\n    currentVersion\n    latestVersion\n    latestTag\n    changeType\n    recommendedTag\n    reason\n    error\n    composeImage\n    composeFile\n    labelsOutOfSync\n    labels {\n      key\n      value\n    }\n    preUpdateCheck {\n      script\n      passed\n      output\n    }\n    checkedAt\n    lastOperation {\n      operationId\n      operationType\n      status\n      rollbackOccurred\n      newVersion\n      oldVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperationStart on OperationStartResult {\n    __typename\n    ... on OperationStarted {\n      operationId\n      queued\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n"): (typeof documents)["\n  fragment OperationStart on OperationStartResult {\n    __typename\n    ... on OperationStarted {\n      operationId\n      queued\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContainer($input: UpdateContainerInput!) {\n    updateContainer(input: $input) {\n      ...OperationStart\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContainer($input: UpdateContainerInput!) {\n    updateContainer(input: $input) {\n      ...OperationStart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackOperation($input: RollbackOperationInput!) {\n    rollbackOperation(input: $input) {\n      ...OperationStart\n    }\n  }\n"): (typeof documents)["\n  mutation RollbackOperation($input: RollbackOperationInput!) {\n    rollbackOperation(input: $input) {\n      ...OperationStart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixComposeMismatch($input: FixComposeMismatchInput!) {\n    fixComposeMismatch(input: $input) {\n      ...OperationStart\n    }\n  }\n"): (typeof documents)["\n  mutation FixComposeMismatch($input: FixComposeMismatchInput!) {\n    fixComposeMismatch(input: $input) {\n      ...OperationStart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContainerPage($name: String!, $host: String) {\n    container(name: $name, host: $host) {\n      ...ContainerFields\n    }\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      startedAt\n      stack\n      service\n      labels {\n        key\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContainerPage($name: String!, $host: String) {\n    container(name: $name, host: $host) {\n      ...ContainerFields\n    }\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      startedAt\n      stack\n      service\n      labels {\n        key\n        value\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContainerInspectFull($name: String!, $host: String) {\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      exitCode\n      startedAt\n      finishedAt\n      created\n      stack\n      service\n      labels {\n        key\n        value\n      }\n      env\n      command\n      entrypoint\n      workingDir\n      user\n      hostname\n      mounts {\n        type\n        name\n        source\n        destination\n        rw\n      }\n      networkMode\n      networks\n      ports {\n        containerPort\n        protocol\n        hostIp\n        hostPort\n      }\n      restartPolicy {\n        name\n        maximumRetryCount\n      }\n      healthcheck {\n        test\n        intervalNs\n        timeoutNs\n        startPeriodNs\n        retries\n      }\n      platform\n    }\n  }\n"): (typeof documents)["\n  query ContainerInspectFull($name: String!, $host: String) {\n    containerInspect(name: $name, host: $host) {\n      id\n      name\n      image\n      imageId\n      state\n      running\n      health\n      restartCount\n      exitCode\n      startedAt\n      finishedAt\n      created\n      stack\n      service\n      labels {\n        key\n        value\n      }\n      env\n      command\n      entrypoint\n      workingDir\n      user\n      hostname\n      mounts {\n        type\n        name\n        source\n        destination\n        rw\n      }\n      networkMode\n      networks\n      ports {\n        containerPort\n        protocol\n        hostIp\n        hostPort\n      }\n      restartPolicy {\n        name\n        maximumRetryCount\n      }\n      healthcheck {\n        test\n        intervalNs\n        timeoutNs\n        startPeriodNs\n        retries\n      }\n      platform\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValidateLabels($input: ValidateLabelsInput!) {\n    validateLabels(input: $input) {\n      valid\n      problems {\n        label\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query ValidateLabels($input: ValidateLabelsInput!) {\n    validateLabels(input: $input) {\n      valid\n      problems {\n        label\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLabels($input: SetLabelsInput!) {\n    setLabels(input: $input) {\n      ...OperationStart\n    }\n  }\n"): (typeof documents)["\n  mutation SetLabels($input: SetLabelsInput!) {\n    setLabels(input: $input) {\n      ...OperationStart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Scripts {\n    scripts {\n      relativePath\n      executable\n    }\n    scriptAssignments {\n      containerName\n      host\n      scriptPath\n      enabled\n    }\n  }\n"): (typeof documents)["\n  query Scripts {\n    scripts {\n      relativePath\n      executable\n    }\n    scriptAssignments {\n      containerName\n      host\n      scriptPath\n      enabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignScript($input: AssignScriptInput!) {\n    assignScript(input: $input) {\n      __typename\n      ... on ScriptAssignment {\n        containerName\n        scriptPath\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AssignScript($input: AssignScriptInput!) {\n    assignScript(input: $input) {\n      __typename\n      ... on ScriptAssignment {\n        containerName\n        scriptPath\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnassignScript($input: UnassignScriptInput!) {\n    unassignScript(input: $input) {\n      __typename\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UnassignScript($input: UnassignScriptInput!) {\n    unassignScript(input: $input) {\n      __typename\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActionFields on ContainerActionResult {\n    __typename\n    ... on ContainerActionSuccess {\n      status\n      operationId\n      message\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n"): (typeof documents)["\n  fragment ActionFields on ContainerActionResult {\n    __typename\n    ... on ContainerActionSuccess {\n      status\n      operationId\n      message\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartContainer($input: StartContainerInput!) {\n    startContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartContainer($input: StartContainerInput!) {\n    startContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopContainer($input: StopContainerInput!) {\n    stopContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"): (typeof documents)["\n  mutation StopContainer($input: StopContainerInput!) {\n    stopContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestartContainer($input: RestartContainerInput!) {\n    restartContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"): (typeof documents)["\n  mutation RestartContainer($input: RestartContainerInput!) {\n    restartContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveContainer($input: RemoveContainerInput!) {\n    removeContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveContainer($input: RemoveContainerInput!) {\n    removeContainer(input: $input) {\n      ...ActionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Explorer($host: String) {\n    hosts {\n      name\n    }\n    explorer(host: $host) {\n      images {\n        id\n        tags\n        size\n        created\n        containers\n        inUse\n        dangling\n      }\n      networks {\n        id\n        name\n        driver\n        scope\n        internal\n        builtin\n        stack\n        containers\n        created\n      }\n      volumes {\n        name\n        driver\n        stack\n        containers\n        size\n        created\n      }\n    }\n  }\n"): (typeof documents)["\n  query Explorer($host: String) {\n    hosts {\n      name\n    }\n    explorer(host: $host) {\n      images {\n        id\n        tags\n        size\n        created\n        containers\n        inUse\n        dangling\n      }\n      networks {\n        id\n        name\n        driver\n        scope\n        internal\n        builtin\n        stack\n        containers\n        created\n      }\n      volumes {\n        name\n        driver\n        stack\n        containers\n        size\n        created\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveImage($input: RemoveImageInput!) {\n    removeImage(input: $input) {\n      __typename\n      ... on ImageRemoved {\n        image\n        untagged\n        deleted\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveImage($input: RemoveImageInput!) {\n    removeImage(input: $input) {\n      __typename\n      ... on ImageRemoved {\n        image\n        untagged\n        deleted\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveNetwork($input: RemoveNetworkInput!) {\n    removeNetwork(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveNetwork($input: RemoveNetworkInput!) {\n    removeNetwork(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveVolume($input: RemoveVolumeInput!) {\n    removeVolume(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveVolume($input: RemoveVolumeInput!) {\n    removeVolume(input: $input) {\n      __typename\n      ... on ResourceRemoved {\n        name\n        message\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PrunedFields on PruneResult {\n    __typename\n    ... on Pruned {\n      kind\n      count\n      spaceReclaimed\n      deleted\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n"): (typeof documents)["\n  fragment PrunedFields on PruneResult {\n    __typename\n    ... on Pruned {\n      kind\n      count\n      spaceReclaimed\n      deleted\n    }\n    ... on UserError {\n      message\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PruneImages($input: PruneImagesInput) {\n    pruneImages(input: $input) {\n      ...PrunedFields\n    }\n  }\n"): (typeof documents)["\n  mutation PruneImages($input: PruneImagesInput) {\n    pruneImages(input: $input) {\n      ...PrunedFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PruneNetworks($input: PruneInput) {\n    pruneNetworks(input: $input) {\n      ...PrunedFields\n    }\n  }\n"): (typeof documents)["\n  mutation PruneNetworks($input: PruneInput) {\n    pruneNetworks(input: $input) {\n      ...PrunedFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PruneVolumes($input: PruneInput) {\n    pruneVolumes(input: $input) {\n      ...PrunedFields\n    }\n  }\n"): (typeof documents)["\n  mutation PruneVolumes($input: PruneInput) {\n    pruneVolumes(input: $input) {\n      ...PrunedFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query History($filter: OperationFilter, $first: Int!, $after: String) {\n    operations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          operationId\n          operationType\n          status\n          containerName\n          host\n          stackName\n          oldVersion\n          newVersion\n          errorMessage\n          rollbackOccurred\n          batchGroupId\n          startedBy\n          startedAt\n          completedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    hosts {\n      name\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n"): (typeof documents)["\n  query History($filter: OperationFilter, $first: Int!, $after: String) {\n    operations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          operationId\n          operationType\n          status\n          containerName\n          host\n          stackName\n          oldVersion\n          newVersion\n          errorMessage\n          rollbackOccurred\n          batchGroupId\n          startedBy\n          startedAt\n          completedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n    hosts {\n      name\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OperationLog($id: String!) {\n    operation(id: $id) {\n      operationId\n      log {\n        at\n        level\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query OperationLog($id: String!) {\n    operation(id: $id) {\n      operationId\n      log {\n        at\n        level\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperationFields on Operation {\n    operationId\n    operationType\n    status\n    stage\n    containerName\n    host\n    stackName\n    oldVersion\n    newVersion\n    errorMessage\n    batchGroupId\n    batchDetails\n    rollbackOccurred\n    rollbackOf\n    startedAt\n    completedAt\n    log {\n      at\n      level\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment OperationFields on Operation {\n    operationId\n    operationType\n    status\n    stage\n    containerName\n    host\n    stackName\n    oldVersion\n    newVersion\n    errorMessage\n    batchGroupId\n    batchDetails\n    rollbackOccurred\n    rollbackOf\n    startedAt\n    completedAt\n    log {\n      at\n      level\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Operation($id: String!) {\n    operation(id: $id) {\n      ...OperationFields\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n"): (typeof documents)["\n  query Operation($id: String!) {\n    operation(id: $id) {\n      ...OperationFields\n    }\n    policies {\n      containers {\n        container\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OperationProgressSub($id: String!) {\n    operationProgress(operationId: $id) {\n      __typename\n      ... on OperationProgress {\n        operationId\n        containerName\n        stage\n        progress\n        message\n        at\n      }\n      ... on OperationFinished {\n        operationId\n        containerName\n        status\n        error\n        at\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OperationProgressSub($id: String!) {\n    operationProgress(operationId: $id) {\n      __typename\n      ... on OperationProgress {\n        operationId\n        containerName\n        stage\n        progress\n        message\n        at\n      }\n      ... on OperationFinished {\n        operationId\n        containerName\n        status\n        error\n        at\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    health {\n      version\n      status\n    }\n    status {\n      checkInterval\n      cacheTtl\n      lastBackgroundRun\n      nextCheck\n    }\n    dockerConfig {\n      configPath\n      configFound\n      registries\n      credHelpers {\n        key\n        value\n      }\n      credsStore\n      githubToken\n      error\n      dockerHost\n      insecureRegistries\n      rateLimits\n      registriesInUse {\n        registry\n        containers\n        credentialsFound\n        credentialSource\n      }\n    }\n    policies {\n      policies {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Settings {\n    health {\n      version\n      status\n    }\n    status {\n      checkInterval\n      cacheTtl\n      lastBackgroundRun\n      nextCheck\n    }\n    dockerConfig {\n      configPath\n      configFound\n      registries\n      credHelpers {\n        key\n        value\n      }\n      credsStore\n      githubToken\n      error\n      dockerHost\n      insecureRegistries\n      rateLimits\n      registriesInUse {\n        registry\n        containers\n        credentialsFound\n        credentialSource\n      }\n    }\n    policies {\n      policies {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRollbackPolicy($input: SetRollbackPolicyInput!) {\n    setRollbackPolicy(input: $input) {\n      __typename\n      ... on RollbackPolicy {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetRollbackPolicy($input: SetRollbackPolicyInput!) {\n    setRollbackPolicy(input: $input) {\n      __typename\n      ... on RollbackPolicy {\n        entityType\n        entityId\n        autoRollbackEnabled\n        healthTimeoutSeconds\n        stabilityWindowSeconds\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Updates {\n    containers {\n      ...ContainerFields\n    }\n    status {\n      lastCacheRefresh\n      checking\n      nextCheck\n    }\n    policies {\n      containers {\n        container\n        host\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n"): (typeof documents)["\n  query Updates {\n    containers {\n      ...ContainerFields\n    }\n    status {\n      lastCacheRefresh\n      checking\n      nextCheck\n    }\n    policies {\n      containers {\n        container\n        host\n        canRollback\n        lastOperationId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContainers($input: UpdateContainersInput!) {\n    updateContainers(input: $input) {\n      __typename\n      ... on BatchUpdateStarted {\n        batchGroupId\n        operations {\n          stack\n          operationId\n          containers\n        }\n        skipped {\n          container\n          reason\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContainers($input: UpdateContainersInput!) {\n    updateContainers(input: $input) {\n      __typename\n      ... on BatchUpdateStarted {\n        batchGroupId\n        operations {\n          stack\n          operationId\n          containers\n        }\n        skipped {\n          container\n          reason\n        }\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Recheck($input: RecheckContainerInput!) {\n    recheckContainer(input: $input) {\n      __typename\n      ... on Container {\n        ...ContainerFields\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Recheck($input: RecheckContainerInput!) {\n    recheckContainer(input: $input) {\n      __typename\n      ... on Container {\n        ...ContainerFields\n      }\n      ... on UserError {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TagOptions($name: String!) {\n    containerTagOptions(name: $name) {\n      currentTag\n      constraints {\n        key\n        value\n      }\n      tags {\n        tag\n        allowed\n        excludedBy\n        current\n      }\n    }\n  }\n"): (typeof documents)["\n  query TagOptions($name: String!) {\n    containerTagOptions(name: $name) {\n      currentTag\n      constraints {\n        key\n        value\n      }\n      tags {\n        tag\n        allowed\n        excludedBy\n        current\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;