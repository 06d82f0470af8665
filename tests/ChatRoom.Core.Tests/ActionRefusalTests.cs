namespace ChatRoom.Core.Tests;

/// <summary>A frame that breaks an action's rule is an expected outcome: answered with its error code, without an exception.</summary>
public sealed class ActionRefusalTests
{
    [Theory]
    [InlineData("""{"action":"sendmessage","room":"elsewhere","text":"hi"}""", "not_a_member")]
    [InlineData("""{"action":"sendmessage","room":"general","text":""}""", "invalid_text")]
    [InlineData("""{"action":"sendmessage","room":"general"}""", "bad_request")]
    [InlineData("""{"action":"join","room":"no spaces allowed"}""", "invalid_room")]
    [InlineData("""{"action":"join"}""", "bad_request")]
    [InlineData("""{"action":"join","room":"general","since":-1}""", "bad_request")]
    [InlineData("""{"action":"leave","room":"elsewhere"}""", "not_a_member")]
    [InlineData("""{"action":"history","room":"general","limit":0}""", "bad_request")]
    [InlineData("""{"action":"history","room":"elsewhere"}""", "not_a_member")]
    [InlineData("""{"action":"members","room":"elsewhere"}""", "not_a_member")]
    [InlineData("""{"action":"typing","room":"elsewhere"}""", "not_a_member")]
    public async Task FrameReceived_BreaksTheActionsRule_AnsweredWithItsCodeWithoutThrowing(string frame, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.JoinAsync("general");

        using (var thrown = ThrownExceptions.Watch())
        {
            await alice.SendAsync(frame);
            Assert.Empty(thrown.Thrown);
        }

        Assert.Equal(code, Frames.String(await alice.ExpectAsync("error"), "code"));
        await alice.AssertUsableAsync();
    }
}
