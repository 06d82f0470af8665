using System.Net;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>The sample's <c>/healthz</c> reports the <c>chatroom</c> check: on DynamoDB, whether the table is there and ACTIVE.</summary>
[Trait("Category", "Integration")]
public sealed class SampleHealthzTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Theory]
    [InlineData(true, HttpStatusCode.OK, "Healthy")]
    [InlineData(false, HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    public async Task Healthz_DynamoDbStorage_ReportsTheTable(bool createTable, HttpStatusCode expectedCode, string expectedBody)
    {
        await using var host = await SampleHost.StartAsync(
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName=healthz-{Guid.NewGuid():N}",
            $"--ChatRoom:DynamoDb:CreateTableIfMissing={createTable}",
        ]);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(expectedCode, response.StatusCode);
        Assert.Equal(expectedBody, await response.Content.ReadAsStringAsync());
    }
}
