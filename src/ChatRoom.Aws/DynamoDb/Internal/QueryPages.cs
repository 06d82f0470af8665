using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ChatRoom.Aws.Internal;

/// <summary>Runs a Query across 1 MB pages, following <c>LastEvaluatedKey</c> until enough items are read.</summary>
internal static class QueryPages
{
    /// <summary>Reads until <paramref name="wanted"/> items pass <paramref name="keep"/> or the query is exhausted.</summary>
    /// <remarks>Callers ask for one item more than they return to learn whether more exist.</remarks>
    public static Task<List<Dictionary<string, AttributeValue>>> ReadAsync(
        IAmazonDynamoDB client,
        QueryRequest request,
        int wanted,
        Func<Dictionary<string, AttributeValue>, bool> keep,
        CancellationToken cancellationToken) => ReadAsync(client, request, wanted, keep, static _ => true, cancellationToken);

    /// <summary>
    /// Reads until <paramref name="wanted"/> of the items that pass <paramref name="keep"/> also pass
    /// <paramref name="counts"/>, or the query is exhausted; kept items that do not count are returned too.
    /// </summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ReadAsync(
        IAmazonDynamoDB client,
        QueryRequest request,
        int wanted,
        Func<Dictionary<string, AttributeValue>, bool> keep,
        Func<Dictionary<string, AttributeValue>, bool> counts,
        CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var counted = 0;
        while (counted < wanted)
        {
            request.Limit = wanted == int.MaxValue ? null : wanted - counted;
            var response = await client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (counted < wanted && keep(item))
                {
                    items.Add(item);
                    counted += counts(item) ? 1 : 0;
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
