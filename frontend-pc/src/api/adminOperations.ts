// Operations of the bank administration screens: the import history, the bank's extra fields and
// its watermark logo (docs/imports.md, docs/images.md). The other screens' are in operations.ts.
import { graphql } from '../gql';

export const ImportBatchesQuery = graphql(`
  query ImportBatches($first: Int!) {
    importBatches(first: $first) {
      batchId status running fileName branchName createdByName createdAt finishedAt
      totalRows estimatedRows imported skipped failed failure errorWorkbookUrl
    }
  }
`);

export const BankExtraFieldsQuery = graphql(`
  query BankExtraFields {
    extraFieldDefinitions(includeInactive: true) {
      code labelZh labelEn kind required choices minValue maxValue pattern maxLength position active
    }
  }
`);

export const DefineExtraFieldMutation = graphql(`
  mutation DefineExtraField($input: ExtraFieldDefinitionInput!) {
    defineExtraField(input: $input) {
      definition { code labelZh kind active }
      errors { field code message messageEn }
    }
  }
`);

export const BankLogoQuery = graphql(`
  query BankLogo {
    bankLogo { width height sha256 uploadedAt dataUrl }
  }
`);

export const UploadBankLogoMutation = graphql(`
  mutation UploadBankLogo($file: Upload!) {
    uploadBankLogo(file: $file) {
      logo { width height sha256 uploadedAt dataUrl }
      errors { field code message messageEn }
    }
  }
`);

export const RemoveBankLogoMutation = graphql(`
  mutation RemoveBankLogo {
    removeBankLogo { errors { field code message messageEn } }
  }
`);
