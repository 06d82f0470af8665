using System.Net;
using ChatRoom.Samples.LocalGateway;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// Where the local gateway listens: on loopback only unless <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c> or
/// Kestrel endpoints say otherwise (it has no TLS, no connection limit and a development key pair), and its options.
/// </summary>
public sealed class GatewayAppTests
{
    [Fact]
    public async Task Build_NoAddressConfigured_ListensOnLoopbackOnly()
    {
        await using var app = WithEnvironment(new() { ["ASPNETCORE_URLS"] = null, ["URLS"] = null }, () => GatewayApp.Build([]));

        var urls = app.Configuration[WebHostDefaults.ServerUrlsKey];

        Assert.Equal(GatewayApp.DefaultUrls, urls);
        Assert.All(urls!.Split(';'), url => Assert.True(IsLoopback(BindingAddress.Parse(url).Host), $"{url} is not a loopback address"));
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")] // also what `dotnet run` passes from launchSettings.json
    [InlineData("URLS")]
    public async Task Build_UrlsInTheEnvironment_AreUsed(string variable)
    {
        await using var app = WithEnvironment(new() { [variable] = "http://0.0.0.0:5999" }, () => GatewayApp.Build([]));

        Assert.Equal("http://0.0.0.0:5999", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Fact]
    public async Task Build_UrlsOnTheCommandLine_AreUsed()
    {
        await using var app = GatewayApp.Build(["--urls", "http://0.0.0.0:0"]);

        Assert.Equal("http://0.0.0.0:0", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Fact]
    public async Task Build_KestrelEndpointsConfigured_AddsNoDefaultUrls()
    {
        await using var app = WithEnvironment(new() { ["ASPNETCORE_URLS"] = null, ["URLS"] = null }, () => GatewayApp.Build(["--Kestrel:Endpoints:Http:Url=http://0.0.0.0:0"]));

        Assert.True(string.IsNullOrEmpty(app.Configuration[WebHostDefaults.ServerUrlsKey]));
    }

    [Theory]
    [InlineData("AccessKeyId")]
    [InlineData("SecretAccessKey")]
    [InlineData("Region")]
    public void Build_EmptySigningSetting_FailsNamingIt(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayApp.Build(["--urls", "http://127.0.0.1:0", $"--LocalGateway:{setting}="]));

        Assert.Contains("LocalGateway:" + setting, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Kestrel binds <c>localhost</c> to 127.0.0.1 and ::1 only.</summary>
    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Runs <paramref name="build"/> with environment variables set (null: unset), then restores them.</summary>
    private static T WithEnvironment<T>(Dictionary<string, string?> variables, Func<T> build)
    {
        var before = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            return build();
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
