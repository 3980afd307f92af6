namespace EcsDeploy.Sandbox.EcsDeployments;

// How long each part of an ECS-controller service deployment takes, in simulated time. A deployment is PENDING for
// Pending after UpdateService creates it, then IN_PROGRESS. Nothing runs in the background: every transition below
// is replayed at its own scheduled instant when a request arrives. New tasks are PROVISIONING for TaskProvisioning
// and RUNNING from TaskStart on.
//
//   ROLLING                    batches of RollingBatch each: a batch stops old tasks (only as far as
//                              minimumHealthyPercent allows and maximumPercent requires), starts new ones (as far as
//                              maximumPercent allows); they are RUNNING after TaskStart and healthy at the batch's
//                              end, when surplus old tasks stop. Then SUCCESSFUL and "has reached a steady state".
//   BLUE_GREEN / LINEAR / CANARY, lifecycle stages in ECS's order (hooks of a stage run first, one after another):
//     RECONCILE_SERVICE        Reconcile (only when more than one revision is active)
//     PRE_SCALE_UP             hooks, else StageMinimum
//     SCALE_UP                 ScaleUp: the target revision's tasks start (RUNNING after TaskStart, healthy at the end)
//     POST_SCALE_UP            hooks, else StageMinimum
//     TEST_TRAFFIC_SHIFT       hooks, then TrafficShift: test traffic 0 -> 100
//     POST_TEST_TRAFFIC_SHIFT  hooks, else StageMinimum
//     PRODUCTION_TRAFFIC_SHIFT per step: PRE_PRODUCTION_TRAFFIC_SHIFT hooks, TrafficShift to the step's weight,
//                              PRODUCTION_TRAFFIC_SHIFT hooks, then the step's bake time before the next step.
//                              BLUE_GREEN: one step to 100. LINEAR: stepPercent each, stepBakeTimeInMinutes between.
//                              CANARY: canaryPercent, canaryBakeTimeInMinutes, then 100.
//     POST_PRODUCTION_TRAFFIC_SHIFT hooks, else StageMinimum
//     BAKE_TIME                bakeTimeInMinutes (both revisions running)
//     CLEAN_UP                 CleanUp: the source revisions' tasks stop; then SUCCESSFUL
//   Hooks: AWS_LAMBDA answers after LambdaInvocation; each IN_PROGRESS answer is followed by another invocation
//   HookRetry later. PAUSE waits in AWAITING_ACTION for ContinueServiceDeployment, or until its
//   timeoutConfiguration (PauseTimeout by default) takes its action (ROLLBACK by default).
//   Rollback: ROLLBACK_REQUESTED for RollbackRequested, then ROLLBACK_IN_PROGRESS: the source revision scales back
//   up (RollbackScaleUp when its tasks were stopped), takes all traffic back (TrafficShift) and the target's tasks
//   stop (CleanUp); then ROLLBACK_SUCCESSFUL. lifecycleStage stays the stage the deployment failed in.

/// <summary>Durations of the parts of an ECS-controller service deployment (documented above and in the sandbox README).</summary>
internal static class DeploymentTimings
{
    public static readonly TimeSpan Pending = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan TaskProvisioning = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TaskStart = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RollingBatch = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Reconcile = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StageMinimum = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ScaleUp = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan TrafficShift = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CleanUp = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LambdaInvocation = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HookRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PauseTimeout = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan RollbackRequested = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RollbackScaleUp = TimeSpan.FromSeconds(60);
}
