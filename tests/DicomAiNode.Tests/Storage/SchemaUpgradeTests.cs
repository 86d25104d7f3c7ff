using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Storage;

public sealed class SchemaUpgradeTests
{
    [Fact]
    public async Task Version_1_database_of_an_earlier_node_is_upgraded_keeping_its_studies_and_can_be_purged()
    {
        using var folder = new TempFolder();
        var db = new NodeDatabase(folder.File("data/node.db"));
        Directory.CreateDirectory(folder.File("data"));
        await using (var connection = await db.OpenAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            // The database as the node before retention left it.
            command.CommandText = SchemaMigrations.All.Single(m => m.Version == 1).Sql + "\nPRAGMA user_version = 1;";
            await command.ExecuteNonQueryAsync();
        }
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var studies = new StudyRepository(db);
        await studies.RecordInstanceAsync(Instances.Make("7.7", "7.7.1", "7.7.1.1", at), LateInstancePolicy.Rerun, CancellationToken.None);

        Assert.Equal(2, await db.MigrateAsync(CancellationToken.None));

        Assert.Equal(StudyState.Receiving, (await studies.GetStudyAsync("7.7", CancellationToken.None))!.State);
        Assert.Empty(await new RetentionRepository(db).ListFileDeletionsAsync(0, 10, CancellationToken.None));
        await using var check = await db.OpenAsync(CancellationToken.None);
        await using var indexes = check.CreateCommand();
        indexes.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('jobs_by_study', 'outbox_by_study', 'instances_by_path')";
        Assert.Equal(3L, (long)(await indexes.ExecuteScalarAsync())!);
    }
}
