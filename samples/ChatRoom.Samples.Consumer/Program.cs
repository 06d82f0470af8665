// Checks that the packed ChatRoom packages work for a consumer: four wirings, each exchanging a message through the
// engine. Prints one "PASS <check>: ..." or "FAIL <check>: ..." line per wiring and exits non-zero on any failure.
//
//   dotnet run --project samples/ChatRoom.Samples.Consumer -- [dynalite executable] [WebApp's built dll]
//
// Without arguments, dynalite is looked up at tools/dynalite/node_modules/.bin/dynalite above the working directory,
// and WebApp's dll in WebApp/bin beside this project's output.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using ChatRoom;
using ChatRoom.Client;
using ChatRoom.Testing;
using Microsoft.Extensions.DependencyInjection;

var packageVersion = typeof(IChatEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
Console.WriteLine($"ChatRoom packages {packageVersion}, loaded from {Path.GetDirectoryName(typeof(IChatEngine).Assembly.Location)}");

var failures = 0;
failures += await CheckAsync("in-memory wiring", InMemoryWiringAsync);
failures += await CheckAsync("aws wiring", ct => AwsWiringAsync(args.Length > 0 ? args[0] : FindDynalite(), ct));
failures += await CheckAsync("aspnetcore wiring", ct => AspNetCoreWiringAsync(args.Length > 1 ? args[1] : FindWebApp(), ct));
failures += await CheckAsync("redis wiring", RedisWiringAsync);
return failures == 0 ? 0 : 1;

// AddChatRoom().AddInMemory(): alice sends, bob receives.
static async Task<string> InMemoryWiringAsync(CancellationToken cancellationToken)
{
    await using var services = new ServiceCollection().AddChatRoom().AddInMemory().Services.BuildServiceProvider();
    var text = await ExchangeAsync(services, "hello from the in-memory packages", cancellationToken);
    return $"AddChatRoom().AddInMemory(): alice sent, bob received \"{text}\"";
}

// AddChatRoom().AddInMemory().AddDynamoDb(...) against dynalite: stores in DynamoDB, frames through the in-process messenger.
static async Task<string> AwsWiringAsync(string dynalite, CancellationToken cancellationToken)
{
    if (!File.Exists(dynalite))
    {
        throw new InvalidOperationException($"dynalite is not installed at {dynalite}: run npm ci --prefix tools/dynalite.");
    }

    var port = FreePort();
    using var process = Process.Start(new ProcessStartInfo(dynalite, ["--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    }) ?? throw new InvalidOperationException("dynalite did not start.");
    try
    {
        await WaitForPortAsync(port, process, cancellationToken);
        var serviceUrl = $"http://127.0.0.1:{port}";
        const string table = "ChatRoomConsumerCheck";

        string sent;
        await using (var services = BuildAws(serviceUrl, table))
        {
            await services.EnsureChatRoomTableAsync(cancellationToken);
            sent = await ExchangeAsync(services, "hello from the AWS packages", cancellationToken);
        }

        // A new container (as after a restart) finds the message in DynamoDB: carol's joined reply carries it as history.
        await using (var restarted = BuildAws(serviceUrl, table))
        {
            await using var carol = await InMemoryChatClient.ConnectAsync(restarted, "carol", cancellationToken);
            await carol.SendAsync("""{"action":"join","room":"general"}""", cancellationToken);
            var joined = await carol.ReceiveAsync("joined", cancellationToken);
            var history = joined.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
            if (!history.Contains(sent))
            {
                throw new InvalidOperationException($"After a restart the room's history is [{string.Join(", ", history)}], without \"{sent}\".");
            }
        }

        return $"AddChatRoom().AddInMemory().AddDynamoDb() on dynalite: EnsureChatRoomTableAsync created the table, bob received \"{sent}\", and it was still in the room's history from a new container";
    }
    finally
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}

// WebApp, a new ASP.NET Core app with only AddChatRoom().AddInMemory() and app.MapChatRoom("/ws"): alice and bob are
// ChatRoom.Client clients on real WebSockets; alice sends, bob receives.
static async Task<string> AspNetCoreWiringAsync(string webApp, CancellationToken cancellationToken)
{
    if (!File.Exists(webApp))
    {
        throw new InvalidOperationException($"The web app is not built at {webApp}: dotnet build samples/ChatRoom.Samples.Consumer/WebApp.");
    }

    var port = FreePort();
    using var process = Process.Start(new ProcessStartInfo("dotnet", [webApp, "--urls", $"http://127.0.0.1:{port}"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    }) ?? throw new InvalidOperationException("The web app did not start.");
    process.OutputDataReceived += static (_, _) => { }; // its log, read so that a full pipe never blocks it
    process.BeginOutputReadLine();
    try
    {
        await WaitForPortAsync(port, process, cancellationToken);
        var url = new Uri($"ws://127.0.0.1:{port}/ws");
        await using var alice = new ChatClient(new ChatClientOptions { Url = url, Name = "alice" });
        await using var bob = new ChatClient(new ChatClientOptions { Url = url, Name = "bob" });
        var received = new TaskCompletionSource<ChatMessageEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.MessageReceived += message => received.TrySetResult(message);
        await alice.StartAsync(cancellationToken);
        await bob.StartAsync(cancellationToken);
        await alice.JoinAsync("general", cancellationToken: cancellationToken);
        await bob.JoinAsync("general", cancellationToken: cancellationToken);

        const string text = "hello from the ASP.NET Core packages";
        var acknowledged = await alice.SendAsync("general", text, cancellationToken);
        var message = await received.Task.WaitAsync(cancellationToken);
        if (message.Text != text || message.Sender.Name != "alice" || message.Seq != acknowledged.Seq)
        {
            throw new InvalidOperationException($"Bob received an unexpected message: #{message.Seq} from {message.Sender.Name}: {message.Text}");
        }

        return $"AddChatRoom().AddInMemory() and app.MapChatRoom(\"/ws\"): alice sent through ChatRoom.Client, bob received #{message.Seq} \"{text}\"";
    }
    finally
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}

static ServiceProvider BuildAws(string serviceUrl, string table) =>
    new ServiceCollection()
        .AddChatRoom()
        .AddInMemory()
        .AddDynamoDb(o =>
        {
            o.ServiceUrl = serviceUrl;
            o.TableName = table;
        })
        .Services.BuildServiceProvider();

// Two nodes (two containers) with AddChatRoom().AddRedis(...) on one redis-server: alice on one, bob on the other.
static async Task<string> RedisWiringAsync(CancellationToken cancellationToken)
{
    const string redisServer = "/usr/bin/redis-server";
    if (!File.Exists(redisServer))
    {
        throw new InvalidOperationException($"redis-server is not installed at {redisServer}: apt-get install redis-server.");
    }

    var port = FreePort();
    using var process = Process.Start(new ProcessStartInfo(redisServer, ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    }) ?? throw new InvalidOperationException("redis-server did not start.");
    try
    {
        await WaitForPortAsync(port, process, cancellationToken);
        ServiceProvider Node() => new ServiceCollection()
            .AddChatRoom()
            .AddRedis(o => o.Configuration = $"127.0.0.1:{port}")
            .Services
            .BuildServiceProvider();
        await using var first = Node();
        await using var second = Node();
        await using var alice = await InMemoryChatClient.ConnectAsync(first, "alice", cancellationToken);
        await using var bob = await InMemoryChatClient.ConnectAsync(second, "bob", cancellationToken);
        const string text = "hello from the Redis package";
        await alice.SendAsync(JsonSerializer.Serialize(new { action = "sendmessage", room = "general", text, clientMessageId = "consumer-redis" }), cancellationToken);
        var message = await bob.ReceiveAsync("message", cancellationToken);
        if (message.GetProperty("text").GetString() != text)
        {
            throw new InvalidOperationException($"Bob received an unexpected message: {message.GetRawText()}");
        }

        return $"AddChatRoom().AddRedis() on two nodes: alice sent on one, bob received #{message.GetProperty("seq").GetInt64()} \"{text}\" on the other";
    }
    finally
    {
        process.Kill();
    }
}

// Alice and Bob connect (both join the default room), Alice sends, Bob receives the message frame.
static async Task<string> ExchangeAsync(IServiceProvider services, string text, CancellationToken cancellationToken)
{
    await using var alice = await InMemoryChatClient.ConnectAsync(services, "alice", cancellationToken);
    await using var bob = await InMemoryChatClient.ConnectAsync(services, "bob", cancellationToken);
    var frame = JsonSerializer.Serialize(new { action = "sendmessage", room = "general", text, clientMessageId = "consumer-1" });
    await alice.SendAsync(frame, cancellationToken);

    var message = await bob.ReceiveAsync("message", cancellationToken);
    var received = message.GetProperty("text").GetString();
    var sender = message.GetProperty("sender").GetProperty("name").GetString();
    if (received != text || sender != "alice" || message.GetProperty("room").GetString() != "general")
    {
        throw new InvalidOperationException($"Bob received an unexpected message: {message.GetRawText()}");
    }

    return text;
}

static async Task<int> CheckAsync(string name, Func<CancellationToken, Task<string>> check)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    try
    {
        var detail = await check(timeout.Token);
        Console.WriteLine($"PASS {name}: {detail}");
        return 0;
    }
    catch (Exception ex)
    {
        Console.WriteLine($"FAIL {name}: {ex.GetType().Name}: {ex.Message}");
        Console.Error.WriteLine(ex);
        return 1;
    }
}

static async Task WaitForPortAsync(int port, Process process, CancellationToken cancellationToken)
{
    while (true)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The process exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindDynalite()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "tools", "dynalite", "node_modules", ".bin", "dynalite");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    return Path.Combine("tools", "dynalite", "node_modules", ".bin", "dynalite");
}

static string FindWebApp()
{
    // This project's output is bin/<configuration>/net10.0/; WebApp's is WebApp/bin/<configuration>/net10.0/.
    var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
    var project = output.Parent!.Parent!.Parent!.FullName;
    return Path.Combine(project, "WebApp", "bin", output.Parent.Name, output.Name, "ChatRoom.Samples.Consumer.WebApp.dll");
}
