using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.LoadTest;

/// <summary>One server under test, started as its own process on 127.0.0.1 and killed when disposed.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(ServerKind kind, string repoRoot, bool idle, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var dll = FindDll(repoRoot, kind);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        if (kind == ServerKind.ChatRoom)
        {
            info.ArgumentList.Add("--ChatRoom:RateLimitPerSecond=1000000");
            info.ArgumentList.Add("--ChatRoom:RateLimitBurst=1000000");

            // Every load client connects from loopback: lift the sample's per-address limits on WebSocket upgrades and
            // open sockets.
            info.ArgumentList.Add("--ChatRoom:ConnectionLimit:PermitsPerWindow=1000000");
            info.ArgumentList.Add("--ChatRoom:ConnectionLimit:MaxConcurrentPerAddress=1000000");

            // A stalled client that is cut off (1008) never answers the close; keep its socket for the rest of the run
            // instead of aborting it after 5 s, so that the client still finds the close frame when it reads at the end.
            info.ArgumentList.Add("--ChatRoom:WebSocket:CloseTimeout=00:02:00");
            if (idle)
            {
                // Idle connections join no room, like the other servers' idle connections.
                info.ArgumentList.Add("--ChatRoom:DefaultRoom=");
            }
        }

        // The same GC for every server: workstation, non-concurrent. For the idle scenario a small gen0 budget keeps
        // garbage from hiding the live memory per connection.
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (idle)
        {
            info.Environment["DOTNET_GCgen0size"] = "0x400000";
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"  [{kind} stderr] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port);
        await server.WaitHealthyAsync(cancellationToken);
        return server;
    }

    /// <summary>Private resident memory (RssAnon from /proc/PID/status), in bytes: heap, stacks and native buffers, not mapped files.</summary>
    public long PrivateResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                return long.Parse(line["RssAnon:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("RssAnon not found.");
    }

    /// <summary>CPU time the server process has used so far (user + system, from /proc/PID/stat; 10 ms resolution).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");

        // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/healthz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException("Server did not become healthy within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindDll(string repoRoot, ServerKind kind)
    {
        var project = kind switch
        {
            ServerKind.ChatRoom => Path.Combine(repoRoot, "samples", "ChatRoom.Samples.AspNetCore"),
            ServerKind.SignalR => Path.Combine(repoRoot, "benchmarks", "ChatRoom.LoadTest.SignalRServer"),
            _ => Path.Combine(repoRoot, "benchmarks", "ChatRoom.LoadTest.BareServer"),
        };
        var name = Path.GetFileName(project) + ".dll";

        // Prefer the configuration this tool was built in, so that a Release run measures Release servers.
#if DEBUG
        string[] configurations = ["Debug", "Release"];
#else
        string[] configurations = ["Release", "Debug"];
#endif
        foreach (var configuration in configurations)
        {
            var path = Path.Combine(project, "bin", configuration, "net10.0", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"Build {project} first (dotnet build -c Release).", name);
    }
}
