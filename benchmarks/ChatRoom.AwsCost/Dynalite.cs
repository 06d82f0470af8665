using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.AwsCost;

/// <summary>dynalite (tools/dynalite) on 127.0.0.1 and a free port, shared by ChatRoom and the reference design; killed on dispose.</summary>
internal sealed class Dynalite : IDisposable
{
    private readonly Process _process;

    private Dynalite(Process process, string serviceUrl)
    {
        _process = process;
        ServiceUrl = serviceUrl;
    }

    public string ServiceUrl { get; }

    public static async Task<Dynalite> StartAsync(CancellationToken cancellationToken)
    {
        var executable = Find();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var process = Process.Start(new ProcessStartInfo(executable, ["--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dynalite did not start.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return new Dynalite(process, $"http://127.0.0.1:{port}");
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tools", "dynalite", "node_modules", ".bin", "dynalite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("dynalite is not installed: run 'npm ci --prefix tools/dynalite' in the repository.");
    }
}
