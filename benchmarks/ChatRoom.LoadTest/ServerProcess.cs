using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.LoadTest;

/// <summary>One server under test, started as its own process on 127.0.0.1 and killed when disposed.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // Lines a server writes at Warning and above are echoed up to this many per process, and all counted.
    private const int EchoedLines = 20;

    private readonly Process _process;
    private int _outputLines;

    private ServerProcess(Process process, int port, string label)
    {
        _process = process;
        Port = port;
        Label = label;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>How the server's output is prefixed: its kind, or its kind and node number.</summary>
    public string Label { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Lines the server wrote (it logs at Warning and above, so each one is a warning, an error or a crash).</summary>
    public int OutputLines => Volatile.Read(ref _outputLines);

    /// <summary>Starts a server; <paramref name="extraArguments"/> are added to its command line (e.g. its Redis).</summary>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, string repoRoot, bool idle, IReadOnlyList<string> extraArguments, string label, CancellationToken cancellationToken)
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

        // The sample's appsettings.json keeps the host's start-up lines at Information; quiet them too, so that every
        // line a server writes is a warning, an error or a crash.
        info.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning");
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

        foreach (var argument in extraArguments)
        {
            info.ArgumentList.Add(argument);
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
        var server = new ServerProcess(process, port, label);
        process.OutputDataReceived += (_, e) => server.Echo("stdout", e.Data);
        process.ErrorDataReceived += (_, e) => server.Echo("stderr", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

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
    public TimeSpan CpuTime() => CpuClock.Process(_process.Id);

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

    private void Echo(string stream, string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        var count = Interlocked.Increment(ref _outputLines);
        if (count <= EchoedLines)
        {
            Console.Error.WriteLine($"  [{Label} {stream}] {line}");
        }
        else if (count == EchoedLines + 1)
        {
            Console.Error.WriteLine($"  [{Label}] more output not echoed; counted in OutputLines");
        }
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

    public static int FreePort()
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
