using Microsoft.Data.Sqlite;

namespace DicomAiNode.Storage;

/// <summary>
/// The node's embedded SQLite database (one file in the data folder, WAL journal). Connections are pooled and short:
/// open one per operation. <c>synchronous=FULL</c> makes every commit durable before the node acknowledges anything.
/// </summary>
public sealed class NodeDatabase
{
    private readonly string _connectionString;

    public NodeDatabase(string path)
    {
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>Opens a connection with the node's per-connection settings.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // busy_timeout: writers from several workers wait for each other instead of failing with SQLITE_BUSY.
            await ExecuteAsync(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the file if needed, switches to WAL and applies every migration not yet applied; returns the schema version.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        int version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken));
        if (version > SchemaMigrations.Latest)
            throw new InvalidOperationException(
                $"database {FilePath} has schema version {version}, newer than this program's {SchemaMigrations.Latest}: use a newer dicom-ai-node");
        foreach (var (target, sql) in SchemaMigrations.All.Where(m => m.Version > version))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                // PRAGMA user_version takes no parameters; the value is the migration's own constant.
                command.CommandText = sql + $"\nPRAGMA user_version = {target};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            version = target;
        }
        return version;
    }

    /// <summary>True when the database answers a query.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken)) == SchemaMigrations.Latest;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
