using EcsDeploy.Aws.CodeDeploy;
using EcsDeploy.Aws.Ecr;
using EcsDeploy.Aws.Ecs;

namespace EcsDeploy.Tests.Contract;

/// <summary>Keeps the contract tests in step with the AWS interfaces: a new operation needs a contract test here.</summary>
public sealed class ContractCoverageTests
{
    [Fact]
    public void AwsInterfaces_EveryMethod_HasAContractTestClassCallingIt()
    {
        var covered = new Dictionary<Type, string[]>
        {
            [typeof(IEcsApi)] = ["DescribeServiceAsync", "RegisterTaskDefinitionAsync", "DescribeTaskDefinitionAsync", "RunTaskAsync", "DescribeTasksAsync", "StopTaskAsync"],
            [typeof(ICodeDeployApi)] =
            [
                "GetDeploymentGroupAsync", "CreateDeploymentAsync", "GetDeploymentAsync", "ListDeploymentTargetsAsync",
                "GetDeploymentTargetAsync", "ListDeploymentsAsync", "StopDeploymentAsync", "ContinueDeploymentAsync", "GetDeploymentConfigAsync",
            ],
            [typeof(IEcrApi)] = ["DescribeImageAsync"],
        };
        var tests = typeof(ContractCoverageTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ContractCoverageTests).Namespace)
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes(typeof(FactAttribute), inherit: true).Length > 0)
            .Select(m => m.Name)
            .ToList();

        foreach (var (api, methods) in covered)
        {
            Assert.Equal(methods.Order(StringComparer.Ordinal), api.GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal));
            Assert.All(methods, method => Assert.Contains(tests, test => test.StartsWith(method + "_", StringComparison.Ordinal)));
        }
    }
}
