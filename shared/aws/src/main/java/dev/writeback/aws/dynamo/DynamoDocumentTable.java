package dev.writeback.aws.dynamo;

import static dev.writeback.core.store.ItemRules.checked;
import static dev.writeback.core.store.ItemRules.describe;
import static dev.writeback.core.store.ItemRules.requireKeys;
import static dev.writeback.core.store.ItemRules.requireLimit;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * {@link DocumentTable} on one DynamoDB table: {@code pk}/{@code sk} strings, the listing index
 * {@value #GSI} on {@code gsi1pk}/{@code gsi1sk}, a numeric {@code revision} checked by every
 * write's condition expression, the TTL attribute {@code expiresAt} and the JSON {@code body}.
 */
public final class DynamoDocumentTable implements DocumentTable {
    public static final String GSI = "gsi1";
    static final String PK = "pk";
    static final String SK = "sk";
    static final String GSI_PK = "gsi1pk";
    static final String GSI_SK = "gsi1sk";
    static final String REVISION = "revision";
    static final String EXPIRES_AT = "expiresAt";
    static final String BODY = "body";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDocumentTable(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /**
     * Creates the table as template.yaml declares it (on-demand billing, the listing index) and
     * waits until it is active. The TTL attribute is enabled by the template, not here.
     */
    public static void createTable(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(t -> t.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI_PK), stringAttribute(GSI_SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(GSI)
                        .keySchema(key(GSI_PK, KeyType.HASH), key(GSI_SK, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
        // the SDK's default waiter sleeps 20 s after its first look; a table is usually active within a second
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(w -> w.backoffStrategyV2(BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5)))
                        .waitTimeout(Duration.ofMinutes(5)))
                .build()) {
            waiter.waitUntilTableExists(r -> r.tableName(tableName));
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Override
    public Optional<StoredItem> get(String pk, String sk) {
        requireKeys(pk, sk);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName).key(key(pk, sk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public StoredItem create(StoredItem item) {
        StoredItem stored = checked(item).withRevision(1);
        try {
            dynamo.putItem(r -> r.tableName(tableName).item(toItem(stored))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("The item " + describe(item.pk(), item.sk()) + " exists already.", e);
        }
        return stored;
    }

    @Override
    public StoredItem update(StoredItem item) {
        StoredItem stored = checked(item).withRevision(item.revision() + 1);
        try {
            dynamo.putItem(r -> r.tableName(tableName).item(toItem(stored))
                    .conditionExpression("#rev = :expected")
                    .expressionAttributeNames(Map.of("#rev", REVISION))
                    .expressionAttributeValues(Map.of(":expected", number(item.revision()))));
        } catch (ConditionalCheckFailedException e) {
            throw lostCondition(item.pk(), item.sk(), item.revision(), "update", e);
        }
        return stored;
    }

    @Override
    public void delete(String pk, String sk, long expectedRevision) {
        requireKeys(pk, sk);
        try {
            dynamo.deleteItem(r -> r.tableName(tableName).key(key(pk, sk))
                    .conditionExpression("#rev = :expected")
                    .expressionAttributeNames(Map.of("#rev", REVISION))
                    .expressionAttributeValues(Map.of(":expected", number(expectedRevision))));
        } catch (ConditionalCheckFailedException e) {
            throw lostCondition(pk, sk, expectedRevision, "delete", e);
        }
    }

    /** Tells "absent" from "changed" with one consistent read, paid only when a condition failed. */
    private RuntimeException lostCondition(String pk, String sk, long expected, String action, ConditionalCheckFailedException e) {
        Optional<StoredItem> current = get(pk, sk);
        if (current.isEmpty()) {
            return new NotFoundException("There is no item " + describe(pk, sk) + " to " + action + ".", e);
        }
        return new ConflictException("The item " + describe(pk, sk) + " changed since it was read (revision "
                + current.get().revision() + " is stored, the " + action + " named revision " + expected + ").", e);
    }

    @Override
    public Page<StoredItem> query(String pk, String skPrefix, boolean descending, int limit, String cursor) {
        requireKeys(pk, "-");
        requireLimit(limit);
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", string(pk)));
        String condition = "#pk = :pk";
        if (skPrefix != null && !skPrefix.isEmpty()) {
            condition += " AND begins_with(#sk, :prefix)";
            names.put("#sk", SK);
            values.put(":prefix", string(skPrefix));
        }
        Map<String, AttributeValue> start = PageCursor.decode(cursor, List.of(PK, SK), PK, pk);
        QueryRequest.Builder request = QueryRequest.builder().tableName(tableName)
                .keyConditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(!descending).consistentRead(true);
        return page(request, limit, start, List.of(PK, SK));
    }

    @Override
    public Page<StoredItem> queryListing(String gsi1pk, boolean descending, int limit, String cursor) {
        if (gsi1pk == null || gsi1pk.isEmpty()) {
            throw new InvalidInputException("A listing query needs a listing key.");
        }
        requireLimit(limit);
        List<String> cursorKey = List.of(GSI_PK, GSI_SK, PK, SK);
        Map<String, AttributeValue> start = PageCursor.decode(cursor, cursorKey, GSI_PK, gsi1pk);
        QueryRequest.Builder request = QueryRequest.builder().tableName(tableName).indexName(GSI)
                .keyConditionExpression("#gpk = :gpk")
                .expressionAttributeNames(Map.of("#gpk", GSI_PK))
                .expressionAttributeValues(Map.of(":gpk", string(gsi1pk)))
                .scanIndexForward(!descending);
        return page(request, limit, start, cursorKey);
    }

    /**
     * Reads one item more than asked so that the last page is known to be last: DynamoDB hands out
     * a LastEvaluatedKey whenever it stops at the limit, even when nothing follows.
     */
    private Page<StoredItem> page(QueryRequest.Builder request, int limit, Map<String, AttributeValue> start, List<String> cursorKey) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> next = start;
        do {
            QueryResponse response = dynamo.query(request.exclusiveStartKey(next).limit(limit + 1 - items.size()).build());
            items.addAll(response.items());
            next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (next != null && items.size() <= limit);
        String cursor = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            cursor = PageCursor.encode(items.get(limit - 1), cursorKey);
        }
        return new Page<>(items.stream().map(DynamoDocumentTable::fromItem).toList(), cursor);
    }


    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, string(pk), SK, string(sk));
    }

    static Map<String, AttributeValue> toItem(StoredItem item) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(PK, string(item.pk()));
        map.put(SK, string(item.sk()));
        map.put(REVISION, number(item.revision()));
        map.put(BODY, string(item.body()));
        if (item.gsi1pk() != null) {
            map.put(GSI_PK, string(item.gsi1pk()));
            map.put(GSI_SK, string(item.gsi1sk()));
        }
        if (item.expiresAt() != null) {
            map.put(EXPIRES_AT, number(item.expiresAt()));
        }
        return map;
    }

    static StoredItem fromItem(Map<String, AttributeValue> map) {
        return new StoredItem(map.get(PK).s(), map.get(SK).s(), Long.parseLong(map.get(REVISION).n()),
                text(map.get(GSI_PK)), text(map.get(GSI_SK)),
                map.containsKey(EXPIRES_AT) ? Long.valueOf(map.get(EXPIRES_AT).n()) : null,
                map.get(BODY).s());
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static AttributeValue string(String s) {
        return AttributeValue.fromS(s);
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
