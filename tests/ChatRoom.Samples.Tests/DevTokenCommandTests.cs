using ChatRoom.Samples.AspNetCore;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatRoom.Samples.Tests;

/// <summary><c>dotnet run -- token …</c>: development tokens signed with the configured key.</summary>
public sealed class DevTokenCommandTests
{
    [Fact]
    public void Run_UserNameAndRooms_PrintsATokenWithThoseClaims()
    {
        var (code, output, error) = Run(["--user", "alice", "--name", "Alice", "--rooms", "private.ops,private.dev", "--hours", "2"], TokenHostFixture.SigningKey);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var token = new JsonWebToken(output.Trim());
        Assert.Equal("HS256", token.Alg);
        Assert.Equal("alice", token.Subject);
        Assert.Equal("Alice", token.GetClaim("name").Value);
        Assert.Equal(["private.ops", "private.dev"], token.Claims.Where(c => c.Type == "rooms").Select(c => c.Value));
        Assert.Equal(TimeSpan.FromHours(2), token.ValidTo - token.ValidFrom);
    }

    [Fact]
    public void Run_NoSigningKey_FailsSayingWhichSettingToSet()
    {
        var (code, output, error) = Run(["--user", "alice"], signingKey: null);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("ChatRoom__Jwt__SigningKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name", "Alice")]
    [InlineData("--user", "alice", "--hours", "0")]
    [InlineData("--user", "alice", "--bogus", "1")]
    [InlineData("--user")]
    public void Run_BadArguments_FailsWithUsage(params string[] args)
    {
        var (code, output, error) = Run(args, TokenHostFixture.SigningKey);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("usage: token --user", error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Run_PrintedToken_IsAcceptedBySampleWithTheSameKey()
    {
        await using var host = await SampleHost.StartAsync([$"--ChatRoom:Jwt:SigningKey={TokenHostFixture.SigningKey}"]);
        var (_, output, _) = Run(["--user", "dev", "--name", "Dev"], TokenHostFixture.SigningKey);

        await using var client = await ChatSocket.ConnectAsync(
            new Uri($"ws://{host.BaseAddress.Authority}/ws?access_token={Uri.EscapeDataString(output.Trim())}"), "dev");
        await client.SendAsync(new { action = "join", room = "general" });
        var joined = await client.ReceiveAsync("joined");

        Assert.Equal("Dev", joined.GetProperty("you").StringOf("name"));
    }

    private static (int Code, string Output, string Error) Run(string[] args, string? signingKey)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChatRoom:Jwt:SigningKey"] = signingKey })
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = DevTokenCommand.Run(args, configuration, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
