using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The server loses one message frame on its way to the page: the page still shows it once, in its place.</summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class LostFramePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Message_FrameToThePageLost_ShownOnceInItsPlaceFilledFromHistory()
    {
        var dropper = LostFrameConversation.Dropper();
        await using var host = await SampleHost.StartAsync(configureServices: dropper.Install);

        await LostFrameConversation.PlayAsync(fixture.Browser, host, dropper);
    }

    [Fact]
    public async Task Message_LastFrameToThePageLost_QuietCheckShowsItOnce()
    {
        var dropper = LostFrameConversation.Dropper();
        await using var host = await SampleHost.StartAsync(configureServices: dropper.Install);

        await LostFrameConversation.PlayAsync(fixture.Browser, host, dropper, lostLast: true);
    }
}
