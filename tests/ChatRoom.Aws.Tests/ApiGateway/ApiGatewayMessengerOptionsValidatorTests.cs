using ChatRoom.Aws.Internal;

namespace ChatRoom.Aws.Tests.ApiGateway;

public sealed class ApiGatewayMessengerOptionsValidatorTests
{
    private readonly ApiGatewayMessengerOptionsValidator _validator = new();

    [Fact]
    public void Validate_EndpointAndRegion_Succeeds()
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { Endpoint = "http://127.0.0.1:3001/local", Region = "us-east-1" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ApiIdAndStage_Succeeds()
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { ApiId = "abc123", Stage = "prod_v2", Region = "eu-west-1" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EndpointFromRequestContext_SucceedsWithoutEndpoint()
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { EndpointFromRequestContext = true, Region = "eu-west-1" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NoEndpoint_FailsNamingTheSettings()
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { Region = "us-east-1" });

        Assert.True(result.Failed);
        Assert.Contains("Set ChatRoom:ApiGateway:Endpoint, or ApiId and Stage", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc123", null, "ChatRoom:ApiGateway:ApiId is set but Stage is not")]
    [InlineData(null, "prod", "ChatRoom:ApiGateway:Stage is set but ApiId is not")]
    [InlineData("abc.123", "prod", "ChatRoom:ApiGateway:ApiId 'abc.123'")]
    [InlineData("abc123", "prod/x", "ChatRoom:ApiGateway:Stage 'prod/x'")]
    public void Validate_IncompleteOrMalformedApiIdAndStage_Fails(string? apiId, string? stage, string expected)
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { ApiId = apiId, Stage = stage, Region = "us-east-1" });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/stage")]
    [InlineData("ftp://example.com/stage")]
    [InlineData("https://example.com/stage?x=1")]
    [InlineData("not a url")]
    public void Validate_BadEndpoint_Fails(string endpoint)
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { Endpoint = endpoint, Region = "us-east-1" });

        Assert.True(result.Failed);
        Assert.Contains("ChatRoom:ApiGateway:Endpoint", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoRegion_FailsNamingAwsRegion()
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { Endpoint = "https://example.com/prod" });

        Assert.True(result.Failed);
        Assert.Contains("Set ChatRoom:ApiGateway:Region or the AWS_REGION environment variable", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedRegion_Fails()
    {
        var result = _validator.Validate(null, new ApiGatewayMessengerOptions { Endpoint = "https://example.com/prod", Region = "US East" });

        Assert.True(result.Failed);
        Assert.Contains("ChatRoom:ApiGateway:Region 'US East'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ApiGatewayMessengerOptions.MaxConcurrentRequests), 0)]
    [InlineData(nameof(ApiGatewayMessengerOptions.MaxFrameBytes), 0)]
    [InlineData(nameof(ApiGatewayMessengerOptions.MaxFrameBytes), (128 * 1024) + 1)]
    [InlineData(nameof(ApiGatewayMessengerOptions.MaxRetries), -1)]
    [InlineData(nameof(ApiGatewayMessengerOptions.MaxRetries), 11)]
    [InlineData(nameof(ApiGatewayMessengerOptions.FunctionTimeoutSeconds), 0)]
    [InlineData(nameof(ApiGatewayMessengerOptions.FunctionTimeoutSeconds), 901)]
    public void Validate_NumberOutOfRange_FailsNamingTheSetting(string setting, int value)
    {
        var options = new ApiGatewayMessengerOptions { Endpoint = "https://example.com/prod", Region = "us-east-1" };
        typeof(ApiGatewayMessengerOptions).GetProperty(setting)!.SetValue(options, value);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"ChatRoom:ApiGateway:{setting} is {value}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ApiGatewayMessengerOptions.RetryBaseDelay), -1)]
    [InlineData(nameof(ApiGatewayMessengerOptions.RequestTimeout), 1)]
    [InlineData(nameof(ApiGatewayMessengerOptions.RequestTimeout), 3_600_000)]
    public void Validate_DurationOutOfRange_FailsNamingTheSetting(string setting, int milliseconds)
    {
        var options = new ApiGatewayMessengerOptions { Endpoint = "https://example.com/prod", Region = "us-east-1" };
        typeof(ApiGatewayMessengerOptions).GetProperty(setting)!.SetValue(options, TimeSpan.FromMilliseconds(milliseconds));

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"ChatRoom:ApiGateway:{setting} is", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(29, 1_000, true)]
    [InlineData(3, 0, true)]
    [InlineData(3, 2_999, true)]
    [InlineData(3, 3_000, false)]
    [InlineData(29, -1, false)]
    public void Validate_DeadlineMargin_MustBeAtLeastZeroAndLessThanTheFunctionTimeout(int timeoutSeconds, int marginMilliseconds, bool valid)
    {
        var options = new ApiGatewayMessengerOptions { Endpoint = "https://example.com/prod", Region = "us-east-1", FunctionTimeoutSeconds = timeoutSeconds, DeadlineMargin = TimeSpan.FromMilliseconds(marginMilliseconds) };

        var result = _validator.Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("ChatRoom:ApiGateway:DeadlineMargin is", result.FailureMessage, StringComparison.Ordinal);
            Assert.Contains($"less than ChatRoom:ApiGateway:FunctionTimeoutSeconds ({timeoutSeconds} s)", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_DeadlineMarginWithoutFunctionTimeout_IsNotChecked()
    {
        var options = new ApiGatewayMessengerOptions { Endpoint = "https://example.com/prod", Region = "us-east-1", DeadlineMargin = TimeSpan.FromDays(1) };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
