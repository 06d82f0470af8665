using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ChatRoom.Aws.Internal;

/// <summary>Runs a Query across 1 MB pages, following <c>LastEvaluatedKey</c> until enough items are read.</summary>
internal static class QueryPages
{
    /// <summary>Reads until <paramref name="wanted"/> items pass <paramref name="keep"/> or the query is exhausted.</summary>
    /// <remarks>Callers ask for one item more than they return to learn whether more exist.</remarks>
    public static async Task<List<Dictionary<string, AttributeValue>>> ReadAsync(
        IAmazonDynamoDB client,
        QueryRequest request,
        int wanted,
        Func<Dictionary<string, AttributeValue>, bool> keep,
        CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        while (items.Count < wanted)
        {
            request.Limit = wanted == int.MaxValue ? null : wanted - items.Count;
            var response = await client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (items.Count < wanted && keep(item))
                {
                    items.Add(item);
                }
            }

            if (response.LastEvaluatedKey is not { Count: > 0 } lastKey)
            {
                break;
            }

            request.ExclusiveStartKey = lastKey;
        }

        return items;
    }

    /// <summary>Reads every item the query matches.</summary>
    public static Task<List<Dictionary<string, AttributeValue>>> ReadAllAsync(
        IAmazonDynamoDB client,
        QueryRequest request,
        Func<Dictionary<string, AttributeValue>, bool> keep,
        CancellationToken cancellationToken) => ReadAsync(client, request, int.MaxValue, keep, cancellationToken);
}
