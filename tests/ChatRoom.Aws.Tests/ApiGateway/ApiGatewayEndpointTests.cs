namespace ChatRoom.Aws.Tests.ApiGateway;

public sealed class ApiGatewayEndpointTests
{
    [Fact]
    public void Build_ApiIdRegionStage_ReturnsExecuteApiEndpoint()
    {
        var endpoint = ApiGatewayEndpoint.Build("abc123", "eu-west-1", "prod");

        Assert.Equal("https://abc123.execute-api.eu-west-1.amazonaws.com/prod", endpoint.AbsoluteUri);
    }

    [Fact]
    public void Build_ChinaRegion_UsesPartitionDnsSuffix()
    {
        var endpoint = ApiGatewayEndpoint.Build("abc123", "cn-north-1", "prod");

        Assert.Equal("https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod", endpoint.AbsoluteUri);
    }

    [Fact]
    public void Constructor_ApiIdAndStage_BuildsEndpoint()
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { ApiId = "abc123", Stage = "dev", Region = "us-east-1" });

        Assert.Equal("https://abc123.execute-api.us-east-1.amazonaws.com/dev", endpoint.Current?.AbsoluteUri);
    }

    [Fact]
    public void Constructor_EndpointAndApiId_PrefersEndpoint()
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { Endpoint = "https://chat.example.com/v1", ApiId = "abc123", Stage = "dev", Region = "us-east-1" });

        Assert.Equal("https://chat.example.com/v1", endpoint.Current?.AbsoluteUri);
    }

    [Fact]
    public void SetFromRequestContext_NoEndpointYet_UsesExecuteApiHostNotDomainName()
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { EndpointFromRequestContext = true, Region = "ap-southeast-2" });
        Assert.Null(endpoint.Current);

        endpoint.SetFromRequestContext("xyz789", "live");

        Assert.Equal("https://xyz789.execute-api.ap-southeast-2.amazonaws.com/live", endpoint.Current?.AbsoluteUri);
    }

    [Fact]
    public void SetFromRequestContext_AnotherStage_SwitchesEndpoint()
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { ApiId = "abc123", Stage = "dev", Region = "us-east-1" });

        endpoint.SetFromRequestContext("abc123", "prod");

        Assert.Equal("https://abc123.execute-api.us-east-1.amazonaws.com/prod", endpoint.Current?.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://example.com/prod?x=1")]
    [InlineData("ftp://example.com/prod")]
    public void Set_InvalidEndpoint_Throws(string value)
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { EndpointFromRequestContext = true, Region = "us-east-1" });

        Assert.Throws<ArgumentException>(() => endpoint.Set(new Uri(value)));
        Assert.Null(endpoint.Current);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3001/local", "http://127.0.0.1:3001/local/@connections/a%2Bb%3D")]
    [InlineData("http://127.0.0.1:3001/local/", "http://127.0.0.1:3001/local/@connections/a%2Bb%3D")]
    [InlineData("https://chat.example.com", "https://chat.example.com/@connections/a%2Bb%3D")]
    public void TryGetConnectionUri_AnyEndpoint_AppendsEncodedConnectionId(string configured, string expected)
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { Endpoint = configured, Region = "us-east-1" });

        Assert.True(endpoint.TryGetConnectionUri("a+b=", out var uri));

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Fact]
    public void TryGetConnectionUri_NoEndpointYet_ReturnsFalse()
    {
        var endpoint = new ApiGatewayEndpoint(new ApiGatewayMessengerOptions { EndpointFromRequestContext = true, Region = "us-east-1" });

        Assert.False(endpoint.TryGetConnectionUri("abc", out _));
    }
}
