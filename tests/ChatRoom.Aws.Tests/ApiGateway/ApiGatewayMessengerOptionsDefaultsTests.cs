using ChatRoom.Aws.Internal;

namespace ChatRoom.Aws.Tests.ApiGateway;

public sealed class ApiGatewayMessengerOptionsDefaultsTests
{
    [Fact]
    public void PostConfigure_NoRegion_TakesAwsRegionVariable()
    {
        var defaults = new ApiGatewayMessengerOptionsDefaults(name => name == "AWS_REGION" ? "eu-central-1" : null);
        var options = new ApiGatewayMessengerOptions();

        defaults.PostConfigure(null, options);

        Assert.Equal("eu-central-1", options.Region);
    }

    [Fact]
    public void PostConfigure_RegionSet_KeepsIt()
    {
        var defaults = new ApiGatewayMessengerOptionsDefaults(_ => "eu-central-1");
        var options = new ApiGatewayMessengerOptions { Region = "us-west-2" };

        defaults.PostConfigure(null, options);

        Assert.Equal("us-west-2", options.Region);
    }

    [Fact]
    public void PostConfigure_NoRegionAnywhere_LeavesItForValidation()
    {
        var defaults = new ApiGatewayMessengerOptionsDefaults(_ => null);
        var options = new ApiGatewayMessengerOptions();

        defaults.PostConfigure(null, options);

        Assert.Null(options.Region);
    }
}
