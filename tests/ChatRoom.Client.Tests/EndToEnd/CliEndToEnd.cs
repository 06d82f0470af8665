using System.Text.Json;

namespace ChatRoom.Client.Tests.EndToEnd;

/// <summary>
/// The "done means": CLI receivers in a room, ten concurrent CLI senders; every receiver prints every
/// acknowledged message exactly once, in strictly increasing seq, and each sender's lines in the order it sent them.
/// Shared by every host.
/// </summary>
public static class CliEndToEnd
{
    public static async Task RunAsync(Uri url, int receivers, int senders, int messagesPerSender, Action<string> log, CancellationToken cancellationToken)
    {
        var room = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var listening = new List<CliProcess>();
        var sending = new List<CliProcess>();
        try
        {
            for (var r = 0; r < receivers; r++)
            {
                listening.Add(CliProcess.Start("--url", url.ToString(), "--name", $"receiver-{r}", "--room", room, "--json"));
            }

            foreach (var receiver in listening)
            {
                await receiver.WaitJoinedAsync(cancellationToken);
            }

            var expected = new HashSet<string>(StringComparer.Ordinal);
            for (var s = 0; s < senders; s++)
            {
                var lines = Enumerable.Range(0, messagesPerSender).Select(i => $"{room} sender {s} message {i}").ToArray();
                expected.UnionWith(lines);
                var sender = CliProcess.Start("--url", url.ToString(), "--name", $"sender-{s}", "--room", room, "--json");
                sending.Add(sender);
                await sender.WriteLinesAsync(lines);
                sender.CloseInput();
            }

            // A sender exits 0 only when every one of its messages was acknowledged, so all of them are stored.
            foreach (var sender in sending)
            {
                var code = await sender.WaitForExitAsync(cancellationToken);
                Assert.True(code == 0, $"A sender exited with {code}: {sender.Errors}");
            }

            log($"{senders} senders acknowledged {expected.Count} messages");
            for (var r = 0; r < listening.Count; r++)
            {
                var receiver = listening[r];
                List<JsonElement> printed;
                try
                {
                    printed = await receiver.ReadMessagesUntilAsync(m => m.Count(x => expected.Contains(Text(x))) >= expected.Count, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"Receiver {r} did not print every message before the deadline: {receiver.Errors}");
                    throw;
                }

                var seqs = printed.Select(m => m.GetProperty("seq").GetInt64()).ToArray();
                Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), $"Receiver {r} printed seqs out of order or twice: {string.Join(',', seqs)}");
                var texts = printed.Select(Text).Where(expected.Contains).ToArray();
                Assert.Equal(expected.Count, texts.Length);
                Assert.Equal(expected.Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));

                // Each sender's lines are in the room in the order it read them.
                for (var s = 0; s < senders; s++)
                {
                    var prefix = $"{room} sender {s} message ";
                    Assert.Equal(Enumerable.Range(0, messagesPerSender), texts.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Select(t => int.Parse(t[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture)));
                }

                receiver.CloseInput();
                Assert.Equal(0, await receiver.WaitForExitAsync(cancellationToken));
                log($"receiver {r} printed {texts.Length} messages once each, seqs {seqs[0]}..{seqs[^1]} increasing");
            }
        }
        finally
        {
            foreach (var cli in listening.Concat(sending))
            {
                await cli.DisposeAsync();
            }
        }
    }

    private static string Text(JsonElement message) => message.GetProperty("text").GetString()!;
}
