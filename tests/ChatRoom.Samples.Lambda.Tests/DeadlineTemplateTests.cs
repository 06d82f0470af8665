using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;
using static ChatRoom.Samples.Lambda.Tests.SamTemplate;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The chat function's timeout and the deadline it is told come from one template parameter.</summary>
public sealed class DeadlineTemplateTests
{
    private const string Variable = "ChatRoom__ApiGateway__FunctionTimeoutSeconds";

    private readonly SamTemplate _template = Load();

    [Fact]
    public void ChatFunction_TimeoutAndItsVariable_ComeFromTheFunctionTimeoutParameter()
    {
        var parameter = (YamlMappingNode)((YamlMappingNode)_template.Root["Parameters"])["FunctionTimeout"];
        var function = (YamlMappingNode)((YamlMappingNode)_template.Resources["ChatFunction"])["Properties"];
        var variables = (YamlMappingNode)((YamlMappingNode)function["Environment"])["Variables"];

        Assert.Equal("Number", Scalar(parameter["Type"]));
        Assert.Equal(("29", "3", "29"), (Scalar(parameter["Default"]), Scalar(parameter["MinValue"]), Scalar(parameter["MaxValue"]))); // 29: API Gateway's integration limit
        Assert.Equal(["Ref", "FunctionTimeout"], Scalars(function["Timeout"]));
        Assert.Equal(["Ref", "FunctionTimeout"], Scalars(variables[Variable]));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("29")]
    public void FunctionTimeoutVariable_EveryAllowedValue_BindsToSecondsAndValidatesWithTheDefaultMargin(string value)
    {
        // A bare number: bound to a TimeSpan it would mean days, so the option is whole seconds.
        var options = new ConfigurationBuilder()
            .AddInMemoryCollection([new(Variable.Replace("__", ":", StringComparison.Ordinal), value)])
            .Build()
            .GetSection("ChatRoom:ApiGateway")
            .Get<ApiGatewayMessengerOptions>()!;
        options.Endpoint = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod";
        options.Region = "eu-west-1";

        Assert.Equal(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), options.FunctionTimeoutSeconds);
        var result = new ApiGatewayMessengerOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
