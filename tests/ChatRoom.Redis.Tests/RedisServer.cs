using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatRoom.Redis.Tests;

/// <summary>
/// A real Redis for the tests: Debian's <c>/usr/bin/redis-server</c> on 127.0.0.1 with a free port and a data folder
/// of its own, started and stopped on demand (the same port and folder each time, so clients reconnect to it).
/// </summary>
/// <remarks>
/// <c>scripts/test.sh</c> installs redis-server; missing means failing, never skipping. Nothing is saved unless
/// <see cref="AppendOnly"/> is set; then every write is fsynced before it is answered (<c>appendfsync always</c>), so a
/// restart, even after <see cref="KillAsync"/>, loses nothing that was acknowledged.
/// </remarks>
public sealed class RedisServer : IAsyncLifetime
{
    /// <summary>Where Debian's package puts the server.</summary>
    public const string Executable = "/usr/bin/redis-server";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatroom-redis-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Gets the loopback port, chosen when the server first starts and kept across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>Gets the StackExchange.Redis configuration string: <c>127.0.0.1:port</c>.</summary>
    public string Configuration => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets or sets whether the server keeps an append-only file, so that data survives a restart. Default: no.</summary>
    public bool AppendOnly { get; init; }

    /// <summary>Gets whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <summary>Starts a server of its own, for a test that stops, restarts or inspects it; dispose it to kill it.</summary>
    /// <param name="appendOnly">Whether data survives a restart (<see cref="AppendOnly"/>).</param>
    /// <returns>The running server.</returns>
    public static async Task<RedisServer> StartNewAsync(bool appendOnly = false)
    {
        var server = new RedisServer { AppendOnly = appendOnly };
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it answers PING.</summary>
    /// <returns>A task that completes when the server answers.</returns>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"redis-server is not installed at {Executable}. Install Debian's package: apt-get install redis-server (scripts/test.sh does this).");
        }

        Directory.CreateDirectory(_directory);
        if (Port == 0)
        {
            Port = FreePort();
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--dir", _directory,
            "--save", string.Empty, "--appendonly", AppendOnly ? "yes" : "no", "--appendfsync", "always",
            "--daemonize", "no", "--logfile", string.Empty,
        })
        {
            start.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _output.Clear();
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilItAnswersAsync(process);
    }

    /// <summary>Shuts the server down as an operator would (<c>SHUTDOWN</c>) and waits until it has exited.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running.");
        try
        {
            await SendAsync("SHUTDOWN\r\n", CancellationToken.None);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            // It closes the connection as it exits, with or without an answer.
        }

        await process.WaitForExitAsync().WaitAsync(s_startTimeout);
        process.Dispose();
        _process = null;
    }

    /// <summary>Kills the server without warning (a crash) and waits until it has exited.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running.");
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(s_startTimeout);
        process.Dispose();
        _process = null;
    }

    /// <summary>Options for this server, with a key prefix of their own unless <paramref name="configure"/> sets one.</summary>
    public RedisOptions CreateOptions(Action<RedisOptions>? configure = null)
    {
        var options = new RedisOptions { Configuration = Configuration, KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12] };
        configure?.Invoke(options);
        return options;
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
            _process = null;
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilItAnswersAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode} on port {Port}:\n{Output()}");
            }

            try
            {
                // "-LOADING" while it reads its append-only file: not ready yet.
                if (await SendAsync("PING\r\n", timeout.Token) == "+PONG")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {s_startTimeout}:\n{Output()}");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>Sends one inline command on a new connection and returns the first line of the answer.</summary>
    private async Task<string?> SendAsync(string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cancellationToken);
    }
}
