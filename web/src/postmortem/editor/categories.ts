// The factor categories the node views offer, handed down from the page (node views render in
// portals inside the editor, where React context still reaches).
import { createContext, useContext } from "react";
import type { FactorCategory } from "../../api/postmortems";

export const CategoriesContext = createContext<FactorCategory[]>([]);
export const useCategories = () => useContext(CategoriesContext);
