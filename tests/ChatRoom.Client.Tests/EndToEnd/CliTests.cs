using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Client.Tests.EndToEnd;

/// <summary>The console client's refusals: bad options and a connection that cannot be made end with a clear error and a non-zero exit.</summary>
[Trait("Category", "Integration")]
public sealed class CliTests : IDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(1));

    public void Dispose() => _deadline.Dispose();

    [Theory]
    [InlineData("--room", "lobby")]
    [InlineData("--url", "http://example.com/ws")]
    [InlineData("--url", "ws://localhost/ws", "--since", "-1")]
    [InlineData("--url", "ws://localhost/ws", "--bogus")]
    [InlineData("--url")]
    public async Task Cli_BadOptions_ExitsWith2AndSaysWhy(params string[] args)
    {
        await using var cli = CliProcess.Start(args);
        cli.CloseInput();

        Assert.Equal(2, await cli.WaitForExitAsync(_deadline.Token));
        Assert.StartsWith("error: ", cli.Errors, StringComparison.Ordinal);
        Assert.Contains("usage:", cli.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_NothingListening_ExitsWith1AndSaysItCannotConnect()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var cli = CliProcess.Start("--url", $"ws://127.0.0.1:{port}/ws", "--name", "alice");
        cli.CloseInput();

        Assert.Equal(1, await cli.WaitForExitAsync(_deadline.Token));
        Assert.Contains($"error: cannot connect to ws://127.0.0.1:{port}/ws", cli.Errors, StringComparison.Ordinal);
    }
}
