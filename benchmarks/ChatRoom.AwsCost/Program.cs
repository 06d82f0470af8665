using System.Globalization;
using ChatRoom;
using ChatRoom.AwsCost;
using Microsoft.Extensions.DependencyInjection;

Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

using var dynalite = await Dynalite.StartAsync(cancel.Token);
if (settings.FanoutLatency)
{
    var fanout = await FanoutLatency.RunAsync(settings, dynalite.ServiceUrl, Console.Out, cancel.Token);
    Console.WriteLine();
    Console.WriteLine(fanout);
    await File.WriteAllTextAsync(settings.Output, fanout, cancel.Token);
    Console.WriteLine($"Written to {Path.GetFullPath(settings.Output)}");
    return 0;
}

Console.WriteLine($"dynalite at {dynalite.ServiceUrl}; M = {string.Join(", ", settings.Members)}; K = {string.Join(", ", settings.Others)}; {settings.Messages} messages each, {(settings.ClientMessageIds ? "with" : "without")} a clientMessageId");

var measurements = new List<Measurement>();
var itemBytes = 0.0;
foreach (var members in settings.Members)
{
    // A fresh gateway and fresh tables per room size, so that K counts exactly the connections outside the room.
    await using var gateway = await MeteredGateway.StartAsync(dynalite.ServiceUrl, $"ChatRoom-m{members}", cancel.Token);
    var referenceMeter = new DynamoDbMeter();
    using var referenceClient = referenceMeter.CreateClient(dynalite.ServiceUrl);
    await using var reference = new ReferenceChat(referenceClient, $"Reference-m{members}", gateway.ManagementEndpoint);
    await reference.CreateTableAsync(cancel.Token);

    // ChatRoom's own store on the same table, unmetered, to write memberships and the other rooms' connections.
    await using var store = new ServiceCollection()
        .AddChatRoom()
        .AddDynamoDb(o => { o.TableName = $"ChatRoom-m{members}"; o.ServiceUrl = dynalite.ServiceUrl; })
        .Services.BuildServiceProvider();
    var scenario = new Scenario(settings, members, gateway, store.GetRequiredService<IConnectionStore>(), reference, referenceMeter.Tally, Console.Out);
    measurements.AddRange(await scenario.RunAsync(cancel.Token));
    itemBytes = Math.Max(itemBytes, reference.AverageItemBytes);
}

var rows = new List<CostRow>();
foreach (var group in measurements.GroupBy(m => m.Members))
{
    foreach (var k in new[] { settings.Others.Min(), settings.Others.Max() }.Distinct())
    {
        var chatRoom = CostRow.From(group.Single(m => m.Design == "ChatRoom" && m.Others == k));
        var reference = CostRow.From(group.Single(m => m.Design == "Reference" && m.Others == k));
        rows.AddRange([chatRoom, reference, reference.AsPublished()]);
    }

    var largest = group.Where(m => m.Others == settings.Others.Max()).ToList();
    if (settings.LargeOthers > settings.Others.Max())
    {
        var reference = CostRow.Extrapolate(largest.Single(m => m.Design == "Reference"), settings.LargeOthers, itemBytes);
        rows.AddRange([CostRow.Extrapolate(largest.Single(m => m.Design == "ChatRoom"), settings.LargeOthers, itemBytes), reference, reference.AsPublished()]);
    }
}

var report = string.Join(
    Environment.NewLine,
    "## Measured, per message",
    "",
    Report.Measured(measurements),
    "## Requests and dollars per 1,000 messages",
    "",
    string.Create(CultureInfo.InvariantCulture, $"Prices: {PriceList.Source}. K* = extrapolated from the largest K measured; reference items average {itemBytes:0.#} bytes."),
    "",
    Report.Dollars(rows));
Console.WriteLine();
Console.WriteLine(report);
await File.WriteAllTextAsync(settings.Output, report, cancel.Token);
Console.WriteLine($"Written to {Path.GetFullPath(settings.Output)}");
return 0;
