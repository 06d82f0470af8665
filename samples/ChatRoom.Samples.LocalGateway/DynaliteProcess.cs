using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>Starts dynalite (a local DynamoDB API from npm) when no <c>ChatRoom:DynamoDb:ServiceUrl</c> is configured, and stops it with the gateway.</summary>
internal sealed partial class DynaliteProcess(IConfiguration configuration, IOptions<LocalGatewayOptions> options, ILogger<DynaliteProcess> logger) : IHostedService, IDisposable
{
    public const string ServiceUrlKey = "ChatRoom:DynamoDb:ServiceUrl";

    private Process? _process;

    /// <summary>Gets the DynamoDB endpoint: the configured one, or the dynalite this gateway started.</summary>
    public string? ServiceUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ServiceUrl = configuration[ServiceUrlKey];
        if (!string.IsNullOrEmpty(ServiceUrl))
        {
            return;
        }

        var executable = options.Value.DynalitePath
            ?? await FindOrInstallAsync([Directory.GetCurrentDirectory(), AppContext.BaseDirectory], DynaliteInstaller.Npm, logger, cancellationToken);
        var port = FreePort();
        _process = Process.Start(new ProcessStartInfo(executable, ["--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dynalite did not start.");

        ServiceUrl = $"http://127.0.0.1:{port}";
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                break;
            }
            catch (SocketException) when (!_process.HasExited)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        Log.Started(logger, ServiceUrl);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Finds the repository's dynalite above <paramref name="searchRoots"/>, installing it first (<c>npm ci</c>) when tools/dynalite has not been installed yet.</summary>
    /// <returns>The dynalite executable.</returns>
    /// <exception cref="InvalidOperationException">No tools/dynalite was found, or installing it failed; the message says what to do.</exception>
    internal static async Task<string> FindOrInstallAsync(IEnumerable<string> searchRoots, string npm, ILogger logger, CancellationToken cancellationToken)
    {
        string? toolDirectory = null;
        foreach (var start in searchRoots)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tools", "dynalite");
                if (File.Exists(DynaliteInstaller.ExecutableIn(candidate)))
                {
                    return DynaliteInstaller.ExecutableIn(candidate);
                }

                if (toolDirectory is null && File.Exists(Path.Combine(candidate, "package-lock.json")))
                {
                    toolDirectory = candidate;
                }
            }
        }

        // A fresh clone: `dotnet run` alone must work, so install it as the test command does.
        return toolDirectory is not null
            ? await DynaliteInstaller.InstallAsync(toolDirectory, npm, logger, cancellationToken)
            : throw new InvalidOperationException(
                "dynalite is not installed and no tools/dynalite/package-lock.json was found above the working directory: run the gateway from the repository, " +
                $"or set {ServiceUrlKey} to a DynamoDB endpoint (or LocalGateway:DynalitePath).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "dynalite started at {ServiceUrl} (data is kept in memory until the gateway stops)")]
        public static partial void Started(ILogger logger, string serviceUrl);
    }
}
