using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatRoom.LoadTest;

/// <summary>
/// Debian's <c>/usr/bin/redis-server</c> for the scale-out scenario: one per run, on a free loopback port, nothing saved
/// (<c>--save "" --appendonly no</c>); emptied with FLUSHALL before each server kind, killed when disposed.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";

    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<RedisProcess> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"The scale-out scenario needs Debian's redis-server at {Executable} (apt-get install redis-server).");
        }

        var port = ServerProcess.FreePort();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--logfile", string.Empty,
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"  [redis stderr] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new RedisProcess(process, port);
        try
        {
            await redis.WaitUntilItAnswersAsync(cancellationToken);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time redis-server has used so far (user + system).</summary>
    public TimeSpan CpuTime() => CpuClock.Process(_process.Id);

    /// <summary>Empties every database, so that each server kind starts on an empty Redis.</summary>
    public async Task FlushAllAsync(CancellationToken cancellationToken)
    {
        var answer = await CommandAsync("FLUSHALL", linePrefix: null, cancellationToken);
        if (answer != "+OK")
        {
            throw new InvalidOperationException($"FLUSHALL answered {answer}.");
        }
    }

    /// <summary>The server's version, from INFO server.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        await CommandAsync("INFO server", "redis_version:", cancellationToken) ?? "unknown";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
    }

    private async Task WaitUntilItAnswersAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}.");
            }

            try
            {
                if (await CommandAsync("PING", linePrefix: null, cancellationToken) == "+PONG")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("redis-server did not answer PING within 30 s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// Sends one inline command on a new connection and returns the first line of the answer, or with
    /// <paramref name="linePrefix"/> the rest of the first line that starts with it.
    /// </summary>
    private async Task<string?> CommandAsync(string command, string? linePrefix, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (linePrefix is null)
            {
                return line;
            }

            if (line.StartsWith(linePrefix, StringComparison.Ordinal))
            {
                return line[linePrefix.Length..];
            }
        }

        return null;
    }
}
