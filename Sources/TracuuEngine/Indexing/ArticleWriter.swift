import TracuuQuery
import TracuuStore

extension IndexWriter {
    /// The writer of an article index, which every command that writes one
    /// opens: `ArticleSchema`'s fields and fold, and with every commit the
    /// republication groups of its segments (`Republications`), so that
    /// searches read them instead of working them out.
    static func articles(directory: IndexDirectory, mode: OpenMode) throws(StoreError) -> IndexWriter {
        try IndexWriter(
            directory: directory, schema: ArticleSchema.schema, fold: ArticleSchema.fold, mode: mode,
            attachments: { reader in
                [Republications.attachmentName: Republications.computed(reader: reader).encoded()]
            })
    }
}
