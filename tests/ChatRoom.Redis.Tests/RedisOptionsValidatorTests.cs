using ChatRoom.Redis.Internal;

namespace ChatRoom.Redis.Tests;

public sealed class RedisOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_WithConfiguration_Succeed()
    {
        var result = Validate(new RedisOptions { Configuration = "localhost:6379" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_NoConfiguration_SaysItIsRequiredWithAnExample(string? configuration)
    {
        var result = Validate(new RedisOptions { Configuration = configuration });

        Assert.Equal(["ChatRoom:Redis:Configuration is required, e.g. localhost:6379."], result.Failures);
    }

    [Fact]
    public void Validate_ConfigurationWithoutEndpoint_NamesTheSettingButNotItsValue()
    {
        var result = Validate(new RedisOptions { Configuration = "password=secret,ssl=true" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("ChatRoom:Redis:Configuration is not a StackExchange.Redis configuration string", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("chat{room}")]
    [InlineData("chat}")]
    public void Validate_KeyPrefixEmptyOrWithBraces_Fails(string prefix)
    {
        var result = Validate(new RedisOptions { Configuration = "localhost", KeyPrefix = prefix });

        Assert.Equal([$"ChatRoom:Redis:KeyPrefix '{prefix}' must be non-empty and contain no '{{' or '}}'."], result.Failures);
    }

    [Theory]
    [InlineData(2.999)]
    [InlineData(600.001)]
    public void Validate_NodeLeaseDurationOutOfRange_Fails(double seconds)
    {
        var lease = TimeSpan.FromSeconds(seconds);
        var result = Validate(new RedisOptions { Configuration = "localhost", NodeLeaseDuration = lease, ConnectionTimeToLive = TimeSpan.FromHours(1) });

        Assert.Equal([$"ChatRoom:Redis:NodeLeaseDuration is {lease}; it must be between 00:00:03 and 00:10:00."], result.Failures);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(600)]
    public void Validate_NodeLeaseDurationAtTheBounds_Succeeds(int seconds)
    {
        var lease = TimeSpan.FromSeconds(seconds);
        var result = Validate(new RedisOptions { Configuration = "localhost", NodeLeaseDuration = lease, ConnectionTimeToLive = lease });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ConnectionTimeToLiveBelowTheLease_Fails()
    {
        var result = Validate(new RedisOptions
        {
            Configuration = "localhost",
            NodeLeaseDuration = TimeSpan.FromSeconds(30),
            ConnectionTimeToLive = TimeSpan.FromSeconds(29),
        });

        Assert.Equal(
            ["ChatRoom:Redis:ConnectionTimeToLive is 00:00:29; it must be at least ChatRoom:Redis:NodeLeaseDuration (00:00:30)."],
            result.Failures);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(RedisOptions options) =>
        new RedisOptionsValidator().Validate(null, options);
}
