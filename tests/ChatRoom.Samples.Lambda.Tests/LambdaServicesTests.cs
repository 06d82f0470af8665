using ChatRoom.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The composition root validates every option when it builds (a Lambda has no host to run ValidateOnStart).</summary>
public sealed class LambdaServicesTests
{
    [Fact]
    public void Build_NoManagementEndpoint_FailsNamingTheSetting()
    {
        var settings = new Dictionary<string, string?>(HandlerServices.ValidSettings);
        settings.Remove("ChatRoom:ApiGateway:Endpoint");

        var error = Assert.Throws<OptionsValidationException>(() => LambdaServices.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Contains("ChatRoom:ApiGateway:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidTableName_FailsAtBuild()
    {
        var settings = new Dictionary<string, string?>(HandlerServices.ValidSettings) { ["ChatRoom:DynamoDb:TableName"] = "x" };

        Assert.Throws<OptionsValidationException>(() => LambdaServices.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
    }

    [Fact]
    public void Build_InvalidEngineOption_FailsAtBuild()
    {
        var settings = new Dictionary<string, string?>(HandlerServices.ValidSettings) { ["ChatRoom:MaxMessageLength"] = "-1" };

        Assert.Throws<OptionsValidationException>(() => LambdaServices.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
    }

    [Fact]
    public void FromEnvironment_DoubleUnderscoreVariables_BindTheChatRoomOptions()
    {
        const string Variable = "ChatRoom__DynamoDb__TableName";
        var before = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, "FromTheEnvironment");
        try
        {
            var configuration = new ConfigurationBuilder().AddConfiguration(LambdaServices.FromEnvironment()).AddInMemoryCollection(HandlerServices.ValidSettings).Build();
            using var services = LambdaServices.Build(configuration);

            Assert.Equal("FromTheEnvironment", ((IOptions<DynamoDbOptions>)services.GetService(typeof(IOptions<DynamoDbOptions>))!).Value.TableName);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, before);
        }
    }

    [Fact]
    public void Function_ParameterlessWithoutSettings_FailsTheColdStartNamingTheSetting()
    {
        // The runtime's constructor reads only the environment; here it has no ChatRoom__ApiGateway__* variables.
        Assert.Null(Environment.GetEnvironmentVariable("ChatRoom__ApiGateway__Endpoint"));
        Assert.Null(Environment.GetEnvironmentVariable("ChatRoom__ApiGateway__ApiId"));

        var error = Assert.ThrowsAny<Exception>(() => new Function());

        Assert.Contains("ChatRoom:ApiGateway", error.ToString(), StringComparison.Ordinal);
    }
}
